/*
 * demo_plans.h — the demo's plan side for the Beijing–Shenyang pairing: the NDRC
 * implementation plan (5 areas as published, 20 key tasks with synthetic titles), its
 * indicators, the 2018 work plan with 54 items in 5 domains over the 32 Beijing units, the
 * 2017-04-18 and 2018-04-24 consultations as the article names them, a signing ceremony,
 * exchanges, the platforms the projects name, and the farm products entering Beijing.
 */
#ifndef DUIKOU_DEMO_PLANS_H
#define DUIKOU_DEMO_PLANS_H
#include "db/db.h"

/* Writes the plan side into d through the record engine (each record checked and audited),
 * inside the caller's transaction. Returns DK_OK or fills e. */
int demo_plans_load(db *d, dk_err *e);

#endif
