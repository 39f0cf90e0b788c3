{% for line in header -%}
/* {{ line }} */
{% endfor -%}
#ifndef OQS_MESSAGES_H
#define OQS_MESSAGES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The catalog revision these tables were generated from, as printed and as a number for
   #if: major * 1000000 + minor * 1000 + patch, as SQLITE_VERSION_NUMBER does. */
#define OQS_MESSAGES_VERSION "{{ version }}"
#define OQS_MESSAGES_VERSION_NUMBER {{ version_number }}

/* Sizes, usable at compile time: the entries, the codes (removed codes included), and the
   most entries one message ID has (at least 1), so that oqs_lookup never finds more than
   OQS_LOOKUP_MAX (const oqs_entry *hits[OQS_LOOKUP_MAX] always holds every match). */
#define OQS_ENTRY_COUNT {{ entry_count }}
#define OQS_CODE_COUNT {{ code_count }}
#define OQS_LOOKUP_MAX {{ lookup_max }}

/* Display codes: the number a card reader shows (001 is 1). */
{%- for c in codes %}
#define {{ c.name }} {{ c.value }}{% if let Some(x) = c.comment %} /* {{ x }} */{% endif %}
{%- endfor %}

/* Message IDs, unsigned (0x81000005 does not fit an int); a range has _FIRST and _LAST. */
{%- for c in ids %}
#define {{ c.name }} {{ c.value }}{% if let Some(x) = c.comment %} /* {{ x }} */{% endif %}
{%- endfor %}

/* Contacts (oqs_contact_ref.contact). Contact and tag values never change once published:
   a new name gets the next free number (generated/identifiers.yaml). */
{%- for c in contacts %}
#define {{ c.name }} {{ c.value }}
{%- endfor %}

/* Tags (oqs_code.tags): the bracketed groups of a code's heading. */
{%- for c in tags %}
#define {{ c.name }} {{ c.value }}
{%- endfor %}

/* Every table and string below is const data with static storage duration, complete at
   compile time: nothing is written, allocated or initialised at run time, and the functions
   keep no state. Any number of threads may read the tables and call the functions at once,
   without locking. All strings are UTF-8, NUL-terminated, and live as long as the program. */
typedef struct oqs_contact_ref {
    int contact;      /* OQS_CONTACT_... */
    const char *name; /* as the catalog prints it */
    const char *note; /* the lines starting with the note mark, or NULL */
} oqs_contact_ref;

typedef struct oqs_entry {
    uint16_t code;             /* OQS_CODE_... */
    const char *error_type;    /* or NULL */
    int has_message_id;        /* 0 where the catalog prints none */
    uint32_t message_id_first; /* the ID, or the first of the range */
    uint32_t message_id_last;  /* the ID, or the last of the range */
    const char *cause;         /* or NULL */
    const char *action;        /* or NULL */
    const oqs_contact_ref *contacts;
    size_t contact_count;
} oqs_entry;

typedef struct oqs_code {
    uint16_t code;              /* OQS_CODE_... */
    const char *text;           /* as printed, e.g. "001" */
    const char *title;          /* the heading without its bracketed tags */
    const char *message;        /* the screen message, or NULL */
    const char *removed_in;     /* the revision that dropped the code, or NULL */
    const oqs_entry *entries;   /* NULL when entry_count is 0 */
    size_t entry_count;
    const int *tags;            /* OQS_TAG_... in heading order; NULL when tag_count is 0 */
    size_t tag_count;
} oqs_code;

/* Every entry of the revision, in document order. oqs_entry_count == OQS_ENTRY_COUNT. */
extern const oqs_entry oqs_entries[OQS_ENTRY_COUNT];
extern const size_t oqs_entry_count;

/* A message ID an earlier revision listed and this one does not: the entry as it stood in
   the last revision that listed it, and the revision that removed it. */
typedef struct oqs_tombstone {
    oqs_entry entry;        /* its code may be a removed one (oqs_code.removed_in) */
    const char *last_seen;  /* the last revision that listed the message ID */
    const char *removed_in; /* the first revision without it */
} oqs_tombstone;

/* The tombstones, by message ID: OQS_TOMBSTONE_COUNT of them (0 when the files were made
   from one revision). oqs_tombstone_count == OQS_TOMBSTONE_COUNT. */
#define OQS_TOMBSTONE_COUNT {{ tombstone_count }}
extern const oqs_tombstone oqs_tombstones[];
extern const size_t oqs_tombstone_count;

/* Every code, in document order; removed codes last. oqs_code_count == OQS_CODE_COUNT. */
extern const oqs_code oqs_codes[OQS_CODE_COUNT];
extern const size_t oqs_code_count;

/* Finds every entry whose message ID is id or whose range contains it, in document order.
   Stores up to max of them in out (out may be NULL when max is 0) and returns how many
   there are, which may exceed max. */
size_t oqs_lookup(uint32_t id, const oqs_entry **out, size_t max);

/* Finds the tombstones of id: its last entries when an earlier revision listed it (or a
   range containing it) and this one does not, as oqs_lookup finds entries (up to max
   stored in out, the count returned). 0 when oqs_lookup finds id, or no revision had it. */
size_t oqs_lookup_removed(uint32_t id, const oqs_tombstone **out, size_t max);

/* The code with this number, or NULL. */
const oqs_code *oqs_find_code(uint16_t code);

/* The name of an OQS_CONTACT_... or OQS_TAG_... value as the catalog prints it, or NULL for
   a value that names none. */
const char *oqs_contact_name(int contact);
const char *oqs_tag_name(int tag);

#ifdef __cplusplus
}
#endif

#endif /* OQS_MESSAGES_H */
