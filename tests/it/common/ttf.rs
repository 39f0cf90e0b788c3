//! A tiny TrueType font program made in memory (the `head`, `hhea`, `maxp`, `cmap` and `post`
//! tables of the OpenType specification, no outlines): enough for a reader to map glyphs to
//! text through the font's own `cmap` and glyph names.

/// A font of `glyphs` glyphs. `unicode` maps characters to glyphs in a (3,1) format 4
/// subtable; `bytes` maps one-byte codes to glyphs in a (1,0) format 0 subtable; `names` are
/// the `post` names of glyphs 1, 2, … (glyph 0 is `.notdef`).
pub fn font(glyphs: u16, unicode: &[(char, u16)], bytes: &[(u8, u16)], names: &[&str]) -> Vec<u8> {
    let be16 = |v: u16| v.to_be_bytes().to_vec();
    let mut head = vec![0u8; 54];
    head[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    head[12..16].copy_from_slice(&0x5F0F_3CF5u32.to_be_bytes());
    head[18..20].copy_from_slice(&1000u16.to_be_bytes());
    let mut hhea = vec![0u8; 36];
    hhea[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    let mut maxp = 0x0000_5000u32.to_be_bytes().to_vec();
    maxp.extend(be16(glyphs));

    // cmap: (1,0) format 0 and (3,1) format 4, one segment per character.
    let mut format0 = [be16(0), be16(262), be16(0)].concat();
    let mut ids = [0u8; 256];
    for &(code, gid) in bytes {
        ids[code as usize] = gid as u8;
    }
    format0.extend(ids);
    let mut segs: Vec<(u16, u16)> = unicode.iter().map(|&(c, g)| (c as u16, g)).collect();
    segs.sort();
    segs.push((0xFFFF, 1));
    let n = segs.len() as u16;
    let mut format4 = [
        be16(4),
        be16(0),
        be16(0),
        be16(2 * n),
        be16(0),
        be16(0),
        be16(0),
    ]
    .concat();
    for &(c, _) in &segs {
        format4.extend(be16(c));
    }
    format4.extend(be16(0));
    for &(c, _) in &segs {
        format4.extend(be16(c));
    }
    for &(c, g) in &segs {
        format4.extend(be16(g.wrapping_sub(c)));
    }
    for _ in &segs {
        format4.extend(be16(0));
    }
    let len4 = format4.len() as u16;
    format4[2..4].copy_from_slice(&len4.to_be_bytes());
    let mut cmap = [be16(0), be16(2)].concat();
    cmap.extend([be16(1), be16(0)].concat());
    cmap.extend(20u32.to_be_bytes());
    cmap.extend([be16(3), be16(1)].concat());
    cmap.extend((20 + format0.len() as u32).to_be_bytes());
    cmap.extend(format0);
    cmap.extend(format4);

    // post 2.0: glyph 0 is the standard `.notdef` (index 0); the others custom names.
    let mut post = vec![0u8; 32];
    post[0..4].copy_from_slice(&0x0002_0000u32.to_be_bytes());
    post.extend(be16(glyphs));
    for g in 0..glyphs {
        let index = if g == 0 || g as usize > names.len() {
            0
        } else {
            257 + g
        };
        post.extend(be16(index));
    }
    for name in names {
        post.push(name.len() as u8);
        post.extend(name.as_bytes());
    }

    let tables: [(&[u8; 4], Vec<u8>); 5] = [
        (b"cmap", cmap),
        (b"head", head),
        (b"hhea", hhea),
        (b"maxp", maxp),
        (b"post", post),
    ];
    let mut out = [
        0x0001_0000u32.to_be_bytes().to_vec(),
        be16(5),
        be16(64),
        be16(2),
        be16(16),
    ]
    .concat();
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend(*tag);
        out.extend(0u32.to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        let mut padded = data.clone();
        padded.resize(data.len().div_ceil(4) * 4, 0);
        offset += padded.len();
        body.extend(padded);
    }
    out.extend(body);
    out
}
