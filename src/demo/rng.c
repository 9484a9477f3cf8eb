/* rng.c — xoshiro256** random streams seeded through splitmix64 (see rng.h). */
#include "demo/rng.h"
#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t mix(uint64_t v)
{
    return splitmix64(&v);
}

void rng_seed(struct rng *r, uint64_t seed, uint64_t purpose, uint64_t a, uint64_t b)
{
    uint64_t h = mix(seed ^ purpose);
    h = mix(h ^ a);
    h = mix(h ^ (b * 0x9E3779B97F4A7C15ULL));
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&h);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

int rng_below(struct rng *r, int n)
{
    return n <= 1 ? 0 : (int)(rng_next(r) % (uint64_t)n);
}

int rng_range(struct rng *r, int lo, int hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

int rng_pm(struct rng *r, int permille)
{
    return rng_below(r, 1000) < permille;
}

int64_t rng_lognormal_wan(struct rng *r, int64_t median, int sigma_milli, int64_t lo, int64_t hi)
{
    double u1 = (double)((rng_next(r) >> 11) + 1) / 9007199254740993.0; /* (0, 1] */
    double u2 = (double)(rng_next(r) >> 11) / 9007199254740992.0;
    double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    double v = (double)median * exp(z * sigma_milli / 1000.0);
    if (v < (double)lo) return lo;
    if (v > (double)hi) return hi;
    return (int64_t)(v + 0.5);
}
