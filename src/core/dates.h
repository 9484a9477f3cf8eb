/*
 * dates.h — calendar dates ('YYYY-MM-DD') and months ('YYYY-MM') as duikou stores them,
 * with the arithmetic the rules need. Pure functions; "today" is China Standard Time.
 */
#ifndef DUIKOU_DATES_H
#define DUIKOU_DATES_H
#include <stdint.h>

typedef struct dk_date {
    int y, m, d;
} dk_date;

/* Parses a strict ISO date 'YYYY-MM-DD' (years 1900–2999, a real day of the month).
 * Returns 1 on success (filling *out when not NULL), 0 otherwise. */
int date_parse(const char *s, dk_date *out);
/* Parses a strict month 'YYYY-MM'. Returns its index y*12+(m-1), or -1 when invalid. */
int month_parse(const char *s);
/* Writes the month with index idx as 'YYYY-MM' into out (8 bytes). */
void month_format(int idx, char out[8]);
/* The month index of a date. */
int date_month_index(const dk_date *d);
/* Writes d as 'YYYY-MM-DD' into out (11 bytes). */
void date_format(const dk_date *d, char out[11]);
/* Days since 1970-01-01 of d (negative before), and back. */
int64_t date_to_days(const dk_date *d);
dk_date date_from_days(int64_t days);
/* The date of a day number as 'YYYY-MM-DD'. */
void days_format(int64_t days, char out[11]);
/* The month index (see date_month_index) of a day number. */
int days_month_index(int64_t days);
/* 0 = Monday … 6 = Sunday. */
int date_weekday(const dk_date *d);
/* Days in month m of year y. */
int days_in_month(int y, int m);
/* Today in China Standard Time (UTC+8), or the date in the DUIKOU_TODAY environment variable
 * when it is set and valid (for reproducible reports and tests). */
dk_date date_today(void);
/* The current time as 'YYYY-MM-DDTHH:MM:SSZ' (UTC) into out (21 bytes). */
void time_now_iso(char out[21]);
/* The time `seconds` ago, in the same form (for expiry windows compared as text). */
void time_iso_ago(long seconds, char out[21]);

#endif
