/*
 * rng.h — deterministic random streams for the generated data sets (the demo, and the
 * benchmark data of `duikou bench-data`): xoshiro256** seeded through splitmix64. A stream is
 * keyed by (seed, purpose, a, b), so the same key always gives the same numbers and adding draws
 * to one stream never shifts another.
 */
#ifndef DUIKOU_RNG_H
#define DUIKOU_RNG_H
#include <stdint.h>

struct rng {
    uint64_t s[4];
};

/* Seeds r for the key (seed, purpose, a, b). */
void rng_seed(struct rng *r, uint64_t seed, uint64_t purpose, uint64_t a, uint64_t b);
/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) (0 when n <= 1); the modulo bias is far below anything the data shows. */
int rng_below(struct rng *r, int n);
/* Uniform in [lo, hi]. */
int rng_range(struct rng *r, int lo, int hi);
/* 1 with probability permille/1000. */
int rng_pm(struct rng *r, int permille);
/* A log-normal amount in whole 万元 with the given median and sigma (in thousandths), clamped to
 * [lo, hi]. Floating point only shapes the draw; the result is an integer. */
int64_t rng_lognormal_wan(struct rng *r, int64_t median, int sigma_milli, int64_t lo, int64_t hi);

#endif
