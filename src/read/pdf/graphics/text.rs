//! Text (PDF 32000-1:2008 §9.3 text state, §9.4 text objects): the text operators, the font
//! `Tf` selects, and each shown glyph placed through the text rendering matrix (§9.4.4) as a
//! [`Glyph`] with its box from the font's advance width and ascent/descent.

use std::rc::Rc;

use lopdf::{Dictionary, Object};

use super::operator::Op;
use super::{f, file_limit, InterpError, Interpreter};
use crate::read::pdf::chars::GlyphText;
use crate::read::pdf::drawn::Glyph;
use crate::read::pdf::fonts::{Font, FontError};
use crate::read::pdf::geom::Matrix;
use crate::read::pdf::objects::{dict_of, get, name_of, num, Exceeded};

/// Glyphs drawn on one page, which layout holds at once (about 150 bytes each).
const MAX_PAGE_GLYPHS: usize = 1_000_000;

/// The font of the text state (§9.3.1): none set yet, or the one `Tf` named, which may be
/// unusable; that matters only once text is shown in it.
#[derive(Debug, Clone)]
pub(super) enum FontChoice {
    Unset,
    Loaded(Rc<Font>),
    /// The resource name `Tf` gave, and why there is no font behind it.
    Unusable {
        name: String,
        why: String,
    },
}

impl<'a> Interpreter<'a> {
    /// Runs `op` if it is a text object, text state, positioning or showing operator;
    /// whether it was one.
    pub(super) fn text_op(
        &mut self,
        op: Op,
        o: &[Object],
        resources: Option<&'a Dictionary>,
    ) -> Result<bool, InterpError> {
        match op {
            // §9.4 text objects.
            Op::BeginText => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            Op::EndText => {}
            // §9.3 text state.
            Op::CharSpacing => self.state.char_spacing = f(o, 0),
            Op::WordSpacing => self.state.word_spacing = f(o, 0),
            Op::Scale => self.state.scale = f(o, 0) / 100.0,
            Op::Leading => self.state.leading = f(o, 0),
            Op::Rise => self.state.rise = f(o, 0),
            Op::Font => {
                self.state.size = f(o, 1);
                self.state.font = match o.first().and_then(name_of) {
                    Some(name) => self.font(resources, name)?,
                    None => FontChoice::Unusable {
                        name: "(none)".into(),
                        why: "`Tf` names no font".into(),
                    },
                };
            }
            // §9.4.2 text positioning.
            Op::NextLineAt => self.next_line(f(o, 0), f(o, 1)),
            Op::NextLineAtLeading => {
                self.state.leading = -f(o, 1);
                self.next_line(f(o, 0), f(o, 1));
            }
            Op::TextMatrix => {
                let m = Matrix::new(f(o, 0), f(o, 1), f(o, 2), f(o, 3), f(o, 4), f(o, 5));
                if m.is_finite() {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            Op::NextLine => self.next_line(0.0, -self.state.leading),
            // §9.4.3 text showing.
            Op::Show => {
                if let Some(Object::String(s, _)) = o.first() {
                    self.show(s)?;
                }
            }
            Op::NextLineShow => {
                self.next_line(0.0, -self.state.leading);
                if let Some(Object::String(s, _)) = o.first() {
                    self.show(s)?;
                }
            }
            Op::SpacingNextLineShow => {
                self.state.word_spacing = f(o, 0);
                self.state.char_spacing = f(o, 1);
                self.next_line(0.0, -self.state.leading);
                if let Some(Object::String(s, _)) = o.get(2) {
                    self.show(s)?;
                }
            }
            Op::ShowPositioned => {
                if let Some(Object::Array(items)) = o.first() {
                    for item in items {
                        match item {
                            Object::String(s, _) => self.show(s)?,
                            other => {
                                if let Some(n) = num(other) {
                                    let tx = -n / 1000.0 * self.state.size * self.state.scale;
                                    self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
                                }
                            }
                        }
                    }
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    /// The font `Tf` names: loaded (once per file), or why there is none.
    fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<FontChoice, InterpError> {
        let doc = self.doc;
        let resource = String::from_utf8_lossy(name).into_owned();
        let unusable = |why: String| {
            Ok(FontChoice::Unusable {
                name: resource.clone(),
                why,
            })
        };
        let entry = resources
            .and_then(|r| get(doc, r, b"Font"))
            .and_then(dict_of)
            .and_then(|fonts| fonts.get(name).ok());
        let Some(entry) = entry else {
            return unusable("the resources have no font of that name".into());
        };
        let id = entry.as_reference().ok();
        if let Some(font) = self.cache.fonts.get(id, self.budget) {
            return Ok(FontChoice::Loaded(font));
        }
        let object = || match id {
            Some(id) => format!("its object {} {} R", id.0, id.1),
            None => "its entry".to_string(),
        };
        let dict = match doc.dereference(entry) {
            Ok((_, o)) => match dict_of(o) {
                Some(dict) => dict,
                None => return unusable(format!("{} is not a font dictionary", object())),
            },
            Err(_) => return unusable(format!("{} is missing or cannot be read", object())),
        };
        let font = self.cache.fonts.load(id, self.budget, |budget| {
            Font::load(doc, dict, budget).map_err(|e| match e {
                FontError::Bad(detail) => InterpError::Font {
                    font: resource.clone(),
                    detail,
                },
                FontError::Stop(stop) => stop.into(),
            })
        })?;
        Ok(FontChoice::Loaded(font))
    }

    fn show(&mut self, bytes: &[u8]) -> Result<(), InterpError> {
        let font = match &self.state.font {
            FontChoice::Loaded(font) => font.clone(),
            FontChoice::Unset => {
                return Err(InterpError::Content(
                    "text is shown before a font is set".into(),
                ))
            }
            FontChoice::Unusable { name, why } => {
                return Err(InterpError::Font {
                    font: name.clone(),
                    detail: format!("text is shown in it, but {why}"),
                })
            }
        };
        let st = &self.state;
        let (size, scale) = (st.size, st.scale);
        for (code, len) in font.codes(bytes) {
            self.budget.glyphs.take(1).map_err(file_limit)?;
            let text = match font.text(code, len) {
                Some(text) => text,
                // Nothing is lost silently: where damage is refused so is this; elsewhere
                // the glyph reads as U+FFFD, and the page says which codes of which font.
                None if self.budget.refuses_damage() => {
                    return Err(InterpError::Unmapped {
                        font: font.name.clone(),
                        code,
                        len,
                    })
                }
                None => {
                    *self
                        .out
                        .unmapped
                        .entry((font.name.clone(), code, len))
                        .or_default() += 1;
                    GlyphText::new("\u{FFFD}")
                }
            };
            let w0 = font.width(code, len);
            // §9.4.4: the text rendering matrix.
            let trm = Matrix::new(size * scale, 0.0, 0.0, size, 0.0, self.state.rise)
                .then(&self.tm)
                .then(&self.state.ctm);
            let (empty, space) = {
                let text: &str = &text;
                (text.is_empty(), text.chars().all(char::is_whitespace))
            };
            if !empty && trm.is_finite() {
                let bbox = trm.apply_rect(0.0, font.descent, w0.max(0.0), font.ascent);
                let (origin_x, baseline) = trm.apply(0.0, 0.0);
                let (cx, cy) = bbox.centre();
                if self.state.clip.contains(cx, cy) {
                    if self.out.glyphs.len() >= MAX_PAGE_GLYPHS {
                        return Err(InterpError::Limit {
                            subject: "the page".into(),
                            exceeded: Exceeded {
                                what: "glyphs drawn on one page",
                                max: MAX_PAGE_GLYPHS,
                            },
                        });
                    }
                    self.out.glyphs.push(Glyph {
                        text,
                        bbox,
                        baseline,
                        origin_x,
                        dir: direction(&trm),
                        size: trm.vertical_scale(),
                        space,
                        element: self.element(),
                    });
                } else if !space {
                    self.out.clipped += 1;
                }
            }
            let spacing = if font.is_word_space(code, len) {
                self.state.word_spacing
            } else {
                0.0
            };
            let tx = (w0 * size + self.state.char_spacing + spacing) * scale;
            self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
        }
        Ok(())
    }
}

/// The writing direction of a text rendering matrix in display space (y down): the angle of
/// its advance vector as seen on the page, to the nearest quarter turn.
fn direction(trm: &Matrix) -> u16 {
    // Upright text, the common case: an advance along +x is 0 degrees (what atan2 of ±0
    // and a positive number gives below).
    if trm.b == 0.0 && trm.a > 0.0 {
        return 0;
    }
    let quarters = (-trm.b).atan2(trm.a).to_degrees() / 90.0;
    (quarters.round() as i64).rem_euclid(4) as u16 * 90
}
