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

/* The catalog revision these tables were generated from. */
#define OQS_MESSAGES_VERSION "{{ version }}"

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

/* Tags: the bracketed groups of a code's heading. */
{%- for c in tags %}
#define {{ c.name }} {{ c.value }}
{%- endfor %}

/* All strings are UTF-8. */
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
} oqs_code;

/* Every entry of the revision, in document order. */
extern const oqs_entry oqs_entries[];
extern const size_t oqs_entry_count;

/* Every code, in document order; removed codes last. */
extern const oqs_code oqs_codes[];
extern const size_t oqs_code_count;

/* Finds every entry whose message ID is id or whose range contains it, in document order.
   Stores up to max of them in out (out may be NULL when max is 0) and returns how many
   there are, which may exceed max. */
size_t oqs_lookup(uint32_t id, const oqs_entry **out, size_t max);

/* The code with this number, or NULL. */
const oqs_code *oqs_find_code(uint16_t code);

#ifdef __cplusplus
}
#endif

#endif /* OQS_MESSAGES_H */
