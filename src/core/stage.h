/*
 * stage.h — the project lifecycle (全过程服务管理): 意向 → 签约 → 落地 → 投产, with 暂缓 and
 * 终止 from any active stage and 恢复 back to the stage held before the pause. Pure rules:
 * which moves are allowed, which dates they need, and what a move changes.
 */
#ifndef DUIKOU_STAGE_H
#define DUIKOU_STAGE_H
#include "util/err.h"

enum stage {
    STAGE_INTENTION = 0, /* 意向: leads and talks */
    STAGE_SIGNED,        /* 签约: agreement signed */
    STAGE_LANDED,        /* 落地: registered and construction started (开工) */
    STAGE_PRODUCTION,    /* 投产: in production */
    STAGE_PAUSED,        /* 暂缓 */
    STAGE_TERMINATED,    /* 终止 (final) */
    STAGE_COUNT
};
#define STAGE_ACTIVE_COUNT 4 /* intention..production carry a date each */

/* The stage's code ("intention", …), its Chinese name ("意向", …). */
const char *stage_code(enum stage s);
const char *stage_name(enum stage s);
/* Parses a code or a Chinese name (Simplified or Traditional); -1 when unknown. */
int stage_parse(const char *text);
/* 1 for intention, signed, landed, production. */
int stage_is_active(enum stage s);

/* What a project's lifecycle is now. Dates are 'YYYY-MM-DD' or "" when not reached. */
struct stage_state {
    enum stage stage;
    enum stage before_pause;                 /* the active stage held when paused */
    char dates[STAGE_ACTIVE_COUNT][11];      /* when each active stage was reached */
    char last_event_date[11];                /* the latest transition's date */
};

/* A requested move. to_text is a stage code/name or "resume" (恢复). */
struct stage_move {
    const char *to_text;
    const char *date;    /* 'YYYY-MM-DD' */
    const char *reason;  /* required to pause, terminate or go back */
    const char *note;
};

/* Checks the move against the rules (today is 'YYYY-MM-DD'). On success fills *next with the
 * state after the move and returns DK_OK; otherwise DK_EINVAL (malformed) or DK_ERULE
 * (refused) with the reason in e. */
int stage_apply(const struct stage_state *cur, const struct stage_move *mv, const char *today,
                struct stage_state *next, dk_err *e);

/* Checks the stage dates a new project is created with: every active stage up to `stage`
 * needs a date, none after it may have one, dates do not run backwards and none is after
 * today. dates[i] "" means not given. Returns DK_OK or fills e. */
int stage_check_initial(enum stage stage, const char *const dates[STAGE_ACTIVE_COUNT], const char *today, dk_err *e);

/* Applies an accepted transition to st (as stage_apply did when it was made): used to replay
 * the stage history up to a date. A first event (from < 0) starts the state. */
void stage_record(struct stage_state *st, int from, enum stage to, const char *date);

/* The field name of an active stage's date ("intention_date", …). */
const char *stage_date_field(enum stage s);

#endif
