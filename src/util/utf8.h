/*
 * utf8.h — well-formed UTF-8 (the Unicode standard's table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF), as jansson requires of every JSON string. Text that
 * quotes a client's bytes — cut off, in another encoding, or hostile — is repaired before it is
 * put into JSON.
 */
#ifndef DUIKOU_UTF8_H
#define DUIKOU_UTF8_H

/* The length (1–4) of the well-formed UTF-8 sequence at the start of the NUL-terminated s, or 0
 * when the bytes there are not one. Reads no further than a NUL. */
int utf8_seq_len(const char *s);
/* Replaces, in place, every byte that does not belong to a well-formed sequence with '?'. */
void utf8_repair(char *s);

#endif
