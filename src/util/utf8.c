/* utf8.c — checking and repairing UTF-8 (see utf8.h). */
#include "util/utf8.h"

int utf8_seq_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF;
    int n;
    if (p[0] < 0x80) return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF) n = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4) n = 4;
    else return 0;
    if (p[0] == 0xE0) lo = 0xA0;      /* shorter forms are overlong */
    else if (p[0] == 0xED) hi = 0x9F; /* D800–DFFF are surrogates */
    else if (p[0] == 0xF0) lo = 0x90;
    else if (p[0] == 0xF4) hi = 0x8F; /* past U+10FFFF */
    if (p[1] < lo || p[1] > hi) return 0;
    for (int i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    return n;
}

void utf8_repair(char *s)
{
    while (*s) {
        int n = utf8_seq_len(s);
        if (!n) *s++ = '?';
        else s += n;
    }
}
