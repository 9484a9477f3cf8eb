/*
 * xlsx_num.h — an .xlsx number cell's text ("1234.5", "1.2345E+4", "0.30000000000000004") as
 * the plain decimal a ledger means, so the exact parsers (money, dates) can take it.
 */
#ifndef DUIKOU_XLSX_NUM_H
#define DUIKOU_XLSX_NUM_H
#include <stddef.h>

/* Writes v as plain decimal text with at most 15 significant digits (what Excel shows and
 * keeps: its numbers are IEEE doubles, good to 15 digits) into out, no exponent, no trailing
 * zeros. Returns 0, or -1 when v is not a finite number below 10^18. */
int xlsx_number_text(const char *v, char *out, size_t n);

#endif
