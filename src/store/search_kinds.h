/*
 * search_kinds.h — the kinds of record the search index holds, one table row each. Adding a
 * kind is one row in search_kinds.c plus one call, search_index_put(d, "kind", id, e), in the
 * store function that writes the record (in its transaction); `duikou search --rebuild` then
 * indexes the existing rows.
 */
#ifndef DUIKOU_STORE_SEARCH_KINDS_H
#define DUIKOU_STORE_SEARCH_KINDS_H

struct search_kind {
    const char *kind;     /* the code in search_docs.kind and the API ("project") */
    const char *label;    /* what the results group is called ("项目") */
    /* SELECT of exactly: id, pairing_id, title, head, keys, body — in that order, for the
     * records of this kind (both dialects; concatenate with || and COALESCE). */
    const char *select;
    const char *id_column; /* the column select filters one record by ("p.id") */
    const char *path;      /* the record's API path; {id} and {pairing} (its code) are filled in */
};

/* Every kind, ended by a row whose kind is NULL. */
extern const struct search_kind search_kinds[];
/* The kind named code, or NULL. */
const struct search_kind *search_kind_find(const char *code);

#endif
