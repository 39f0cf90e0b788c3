{% for line in header -%}
/* {{ line }} */
{% endfor -%}
#include "oqs_messages.h"
{%- macro entry_init(e) %}
    { {{ e.code }}u,
      {% if let Some(t) = e.error_type %}"{{ t }}"{% else %}NULL{% endif %},
      {% if let Some((a, b)) = e.message_id %}1, {{ a }}, {{ b }}{% else %}0, 0u, 0u{% endif %},
      {% if let Some(t) = e.cause %}"{{ t }}"{% else %}NULL{% endif %},
      {% if let Some(t) = e.action %}"{{ t }}"{% else %}NULL{% endif %},
      {% if e.contacts.is_empty() %}NULL, 0{% else %}{{ e.contacts_array }}, {{ e.contacts.len() }}{% endif %} }
{%- endmacro %}
{% for c in codes %}
{%- if !c.tags.is_empty() %}
static const int oqs_tags_{{ loop.index0 }}[] = { {% for t in c.tags %}{{ t }}{% if !loop.last %}, {% endif %}{% endfor %} };
{%- endif %}
{%- endfor %}
{% for e in entries %}
{%- if !e.contacts.is_empty() %}
static const oqs_contact_ref {{ e.contacts_array }}[] = {
{%- for (constant, name, note) in e.contacts %}
    { {{ constant }}, "{{ name }}", {% if let Some(n) = note %}"{{ n }}"{% else %}NULL{% endif %} },
{%- endfor %}
};
{%- endif %}
{%- endfor %}

const oqs_entry oqs_entries[OQS_ENTRY_COUNT] = {
{%- for e in entries %}
{%- call entry_init(e) %}{% endcall %},
{%- endfor %}
};

const size_t oqs_entry_count = sizeof oqs_entries / sizeof oqs_entries[0];

const oqs_code oqs_codes[OQS_CODE_COUNT] = {
{%- for c in codes %}
    { {{ c.number }}u, "{{ c.text }}",
      "{{ c.title }}",
      {% if let Some(t) = c.message %}"{{ t }}"{% else %}NULL{% endif %},
      {% if let Some(t) = c.removed_in %}"{{ t }}"{% else %}NULL{% endif %},
      {% if let Some((first, n)) = c.entries %}&oqs_entries[{{ first }}], {{ n }}{% else %}NULL, 0{% endif %},
      {% if c.tags.is_empty() %}NULL, 0{% else %}oqs_tags_{{ loop.index0 }}, {{ c.tags.len() }}{% endif %} },
{%- endfor %}
};

const size_t oqs_code_count = sizeof oqs_codes / sizeof oqs_codes[0];
{%- for t in tombstones %}
{%- if !t.entry.contacts.is_empty() %}
static const oqs_contact_ref {{ t.entry.contacts_array }}[] = {
{%- for (constant, name, note) in t.entry.contacts %}
    { {{ constant }}, "{{ name }}", {% if let Some(n) = note %}"{{ n }}"{% else %}NULL{% endif %} },
{%- endfor %}
};
{%- endif %}
{%- endfor %}

{% if tombstones.is_empty() -%}
/* C has no empty array: one zeroed element that oqs_tombstone_count leaves out. */
const oqs_tombstone oqs_tombstones[1] = { { { 0u, NULL, 0, 0u, 0u, NULL, NULL, NULL, 0 }, NULL, NULL } };
{%- else -%}
const oqs_tombstone oqs_tombstones[OQS_TOMBSTONE_COUNT] = {
{%- for t in tombstones %}
  {
{%- call entry_init(t.entry) %}{% endcall %},
    "{{ t.last_seen }}", "{{ t.removed_in }}" },
{%- endfor %}
};
{%- endif %}

const size_t oqs_tombstone_count = OQS_TOMBSTONE_COUNT;

size_t oqs_lookup_removed(uint32_t id, const oqs_tombstone **out, size_t max)
{
    size_t i;
    size_t found = 0;
    for (i = 0; i < oqs_tombstone_count; ++i) {
        const oqs_entry *e = &oqs_tombstones[i].entry;
        if (e->has_message_id && e->message_id_first <= id && id <= e->message_id_last) {
            if (out != NULL && found < max) {
                out[found] = &oqs_tombstones[i];
            }
            ++found;
        }
    }
    return found;
}

size_t oqs_lookup(uint32_t id, const oqs_entry **out, size_t max)
{
    size_t i;
    size_t found = 0;
    for (i = 0; i < oqs_entry_count; ++i) {
        const oqs_entry *e = &oqs_entries[i];
        if (e->has_message_id && e->message_id_first <= id && id <= e->message_id_last) {
            if (out != NULL && found < max) {
                out[found] = e;
            }
            ++found;
        }
    }
    return found;
}

const oqs_code *oqs_find_code(uint16_t code)
{
    size_t i;
    for (i = 0; i < oqs_code_count; ++i) {
        if (oqs_codes[i].code == code) {
            return &oqs_codes[i];
        }
    }
    return NULL;
}

const char *oqs_contact_name(int contact)
{
    switch (contact) {
{%- for (constant, name) in contact_names %}
    case {{ constant }}:
        return "{{ name }}";
{%- endfor %}
    default:
        return NULL;
    }
}

const char *oqs_tag_name(int tag)
{
    switch (tag) {
{%- for (constant, name) in tag_names %}
    case {{ constant }}:
        return "{{ name }}";
{%- endfor %}
    default:
        return NULL;
    }
}
