/* perm.c — the role → permission matrix. */
#include "core/perm.h"
#include <string.h>

static const char *ROLES[] = {"admin", "office", "unit", "partner", "viewer"};
static const char *PERMS[] = {"public", "self", "read", "write", "office", "export", "admin"};

const char *role_code(enum role r) { return ROLES[r]; }
const char *perm_code(enum perm p) { return PERMS[p]; }

int role_parse(const char *text)
{
    for (int i = 0; i < 5; i++)
        if (text && strcmp(text, ROLES[i]) == 0) return i;
    return -1;
}

int actor_in_scope(const struct actor *who, int64_t pairing_id)
{
    return who->pairing_id == 0 || who->pairing_id == pairing_id;
}

int actor_allows(const struct actor *who, enum perm p)
{
    if (p == PERM_EXPORT) return who->role == ROLE_ADMIN || who->can_export;
    return role_allows(who->role, p);
}

int role_allows(enum role r, enum perm p)
{
    switch (p) {
    case PERM_PUBLIC:
    case PERM_SELF:
    case PERM_READ: return 1;
    case PERM_WRITE: return r == ROLE_ADMIN || r == ROLE_OFFICE || r == ROLE_UNIT || r == ROLE_PARTNER;
    case PERM_OFFICE:
    case PERM_EXPORT: return r == ROLE_ADMIN || r == ROLE_OFFICE;
    case PERM_ADMIN: return r == ROLE_ADMIN;
    }
    return 0;
}
