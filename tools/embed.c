/*
 * embed.c — build-time tool: turns files (migrations, reference CSVs, the built web console)
 * into a C source with one table, so the duikou binary carries them and needs nothing beside
 * it at run time.
 *
 * usage: embed OUT.c ROOT FILE... [--tree DIR PREFIX]...
 *   each FILE is named in the table by its path below ROOT ("src/store/" dropped);
 *   --tree adds every file below DIR, named PREFIX + its path below DIR, with a gzip copy when
 *   that saves at least a tenth and a strong validator (ETag) computed from the content.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

struct item {
    char *name;   /* name in the table */
    char *path;   /* file to read */
    int tree;     /* from --tree: gets gzip and an ETag */
};

static struct item *items;
static size_t n_items, cap_items;

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d) abort();
    memcpy(d, s, n);
    return d;
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *d = malloc(na + nb + 2);
    if (!d) abort();
    memcpy(d, a, na);
    d[na] = '/';
    memcpy(d + na + 1, b, nb + 1);
    return d;
}

static void add_item(char *name, char *path, int tree)
{
    if (n_items == cap_items) {
        cap_items = cap_items ? cap_items * 2 : 64;
        items = realloc(items, cap_items * sizeof *items);
        if (!items) abort();
    }
    items[n_items++] = (struct item){name, path, tree};
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) abort();
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) abort();
        }
    }
    fclose(in);
    *len = n;
    return buf;
}

/* Adds the files below dir (sorted, so the output is reproducible), named prefix + rel. */
static int walk(const char *dir, const char *rel, const char *prefix)
{
    char *here = rel[0] ? join(dir, rel) : dupstr(dir);
    struct dirent **list;
    int n = scandir(here, &list, NULL, alphasort);
    if (n < 0) {
        perror(here);
        free(here);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = list[i]->d_name;
        if (nm[0] == '.') {
            free(list[i]);
            continue;
        }
        char *r = rel[0] ? join(rel, nm) : dupstr(nm);
        char *full = join(dir, r);
        struct stat st;
        if (rc == 0 && stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = walk(dir, r, prefix);
            free(full);
            free(r);
        } else {
            size_t np = strlen(prefix), nr = strlen(r);
            char *name = malloc(np + nr + 1);
            if (!name) abort();
            memcpy(name, prefix, np);
            memcpy(name + np, r, nr + 1);
            add_item(name, full, 1);
            free(r);
        }
        free(list[i]);
    }
    free(list);
    free(here);
    return rc;
}

static void emit_bytes(FILE *out, const char *var, const unsigned char *p, size_t n)
{
    fprintf(out, "static const unsigned char %s[] = {", var);
    for (size_t i = 0; i < n; i++) {
        if (i % 20 == 0) fputs("\n ", out);
        fprintf(out, "%u,", p[i]);
    }
    fputs("0};\n", out);
}

/* gzip (RFC 1952) of p at level 9; NULL when it does not save a tenth. */
static unsigned char *gzip_of(const unsigned char *p, size_t n, size_t *gz_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    size_t cap = deflateBound(&z, (uLong)n) + 32;
    unsigned char *buf = malloc(cap);
    if (!buf) abort();
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *gz_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || *gz_len * 10 > n * 9) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* A validator from the content: 64-bit FNV-1a, as 16 hex digits in quotes. */
static void etag_of(const unsigned char *p, size_t n, char out[20])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    snprintf(out, 20, "\"%016llx\"", (unsigned long long)h);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: embed OUT.c ROOT FILE... [--tree DIR PREFIX]...\n");
        return 2;
    }
    const char *root = argv[2];
    size_t root_len = strlen(root);
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--tree") == 0) {
            if (i + 2 >= argc) {
                fprintf(stderr, "embed: --tree needs DIR and PREFIX\n");
                return 2;
            }
            if (walk(argv[i + 1], "", argv[i + 2]) != 0) return 1;
            i += 2;
            continue;
        }
        const char *name = argv[i];
        if (strncmp(name, root, root_len) == 0 && name[root_len] == '/') name += root_len + 1;
        if (strncmp(name, "src/store/", 10) == 0) name += 10;
        add_item(dupstr(name), dupstr(argv[i]), 0);
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fputs("/* generated by tools/embed.c — do not edit */\n#include \"util/embedded.h\"\n", out);
    char (*etags)[20] = calloc(n_items + 1, sizeof *etags);
    size_t *gz_sizes = calloc(n_items + 1, sizeof *gz_sizes);
    if (!etags || !gz_sizes) abort();
    for (size_t i = 0; i < n_items; i++) {
        size_t n;
        unsigned char *data = read_all(items[i].path, &n);
        if (!data) return 1;
        char var[32];
        snprintf(var, sizeof var, "f%zu", i);
        emit_bytes(out, var, data, n);
        if (items[i].tree) {
            etag_of(data, n, etags[i]);
            unsigned char *gz = gzip_of(data, n, &gz_sizes[i]);
            if (gz) {
                snprintf(var, sizeof var, "g%zu", i);
                emit_bytes(out, var, gz, gz_sizes[i]);
                free(gz);
            } else {
                gz_sizes[i] = 0;
            }
        }
        free(data);
    }
    fputs("const struct embedded_file embedded_files[] = {\n", out);
    for (size_t i = 0; i < n_items; i++) {
        fprintf(out, " {\"%s\", (const char *)f%zu, sizeof f%zu - 1, ", items[i].name, i, i);
        if (gz_sizes[i]) fprintf(out, "(const char *)g%zu, sizeof g%zu - 1, ", i, i);
        else fputs("0, 0, ", out);
        if (etags[i][0]) fprintf(out, "\"\\%.17s\\\"\"},\n", etags[i]);
        else fputs("0},\n", out);
    }
    fputs(" {0, 0, 0, 0, 0, 0}\n};\n", out);
    free(etags);
    free(gz_sizes);
    return fclose(out) == 0 ? 0 : 1;
}
