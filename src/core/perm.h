/*
 * perm.h — roles and the permissions routes and services declare. Pure: who may do what.
 */
#ifndef DUIKOU_PERM_H
#define DUIKOU_PERM_H
#include <stdint.h>

enum role { ROLE_ADMIN, ROLE_OFFICE, ROLE_UNIT, ROLE_PARTNER, ROLE_VIEWER };

enum perm {
    PERM_PUBLIC,   /* anyone, no identity needed (health check) */
    PERM_SELF,     /* any signed-in account, acting on itself (logout, its own API tokens) */
    PERM_READ,     /* read the records of one's pairings */
    PERM_WRITE,    /* create and change records one is responsible for, report progress */
    PERM_OFFICE,   /* office work: close months, change rules, late corrections */
    PERM_EXPORT,   /* take data out in bulk */
    PERM_ADMIN,    /* everything */
};

/* Who is acting: the name written to the audit log, the role checked and the scope it has. */
struct actor {
    const char *name;
    enum role role;
    int64_t unit_id;    /* for ROLE_UNIT: the unit it speaks for */
    const char *ip;     /* the client's address, for the audit trail (NULL on the command line) */
    int64_t pairing_id; /* the pairing the account works in; 0 = every pairing */
    const char *side;   /* "host"/"partner" for office and partner accounts, else NULL */
    int can_export;     /* holds the export permission */
    int64_t user_id;    /* the account, 0 for the command line and the system */
};

/* 1 when who may act on records of pairing_id (an account scoped to one pairing sees only it). */
int actor_in_scope(const struct actor *who, int64_t pairing_id);
/* 1 when who holds permission p, counting the export flag. */
int actor_allows(const struct actor *who, enum perm p);

/* "admin", "office", …; and the permission's name ("read", …). */
const char *role_code(enum role r);
const char *perm_code(enum perm p);
/* Parses a role code; -1 when unknown. */
int role_parse(const char *text);
/* 1 when role r holds permission p. */
int role_allows(enum role r, enum perm p);

#endif
