/*
 * test_search.c — search's pure parts and its index: folding (Traditional → Simplified,
 * full-width → half-width, case, offsets back into the stored text), the tokens the tokenizer
 * gives documents and queries, the query parser's expressions and its refusals, snippets; then,
 * on a real database (SQLite, and PostgreSQL as unit.pg.test_search), that the index changes
 * with the record in the same transaction and goes back with a rollback.
 */
#include "testutil.h"
#include "search/fold.h"
#include "search/query.h"
#include "search/snippet.h"
#include "search/tokenize.h"
#include "search/tsvector.h"
#include "store/migrate.h"
#include "store/search.h"
#include "store/search_index.h"
#include "util/sbuf.h"
#include <stdlib.h>
#include <string.h>

/* --- folding ---------------------------------------------------------------------------- */

static void assert_folds(const char *in, const char *want)
{
    dk_err e;
    err_clear(&e);
    char *got = search_fold_text(in, &e);
    assert_non_null(got);
    if (strcmp(got, want) != 0) print_error("fold(%s) = %s, want %s\n", in, got, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_fold(void **state)
{
    assert_folds("沈陽", "沈阳");
    assert_folds("京東集團", "京东集团");
    assert_folds("ＡＢＣ１２３", "abc123");
    assert_folds("BJSY-2017", "bjsy-2017");
    assert_folds("沈阳", "沈阳"); /* Simplified stays */
    assert_folds("遼寧省瀋陽市", "辽宁省沈阳市");
    assert_folds("", "");
}

static void test_fold_offsets(void **state)
{
    /* each folded code point points at the bytes of the character it came from */
    const char *s = "Ａ沈陽b";
    struct search_folded f;
    assert_int_equal(search_fold(s, strlen(s), &f, NULL), DK_OK);
    assert_int_equal(f.n, 4);
    assert_int_equal(f.cp[0], 'a');
    assert_int_equal(f.from[0], 0);
    assert_int_equal(f.to[0], 3);   /* Ａ is three bytes */
    assert_int_equal(f.cp[2], 0x9633); /* 阳 */
    assert_int_equal(f.from[2], 6);
    assert_int_equal(f.to[2], 9);
    assert_int_equal(f.from[3], 9);
    search_folded_free(&f);
    /* invalid UTF-8: one U+FFFD per bad byte, nothing lost or read past */
    assert_int_equal(search_fold("a\xff\xfe" "b", 4, &f, NULL), DK_OK);
    assert_int_equal(f.n, 4);
    assert_int_equal(f.cp[1], 0xFFFD);
    search_folded_free(&f);
}

/* --- tokens ----------------------------------------------------------------------------- */

/* The tokens as "text" or "+text" (colocated), space-separated. */
static int join_token(void *ctx, const struct search_token *t)
{
    sbuf *sb = ctx;
    if (sb->len) sb_putc(sb, ' ');
    if (t->colocated) sb_putc(sb, '+');
    sb_append(sb, t->text, (size_t)t->len);
    return 0;
}

static void assert_tokens(const char *in, enum search_mode mode, const char *want)
{
    sbuf sb;
    sb_init(&sb, 0);
    assert_int_equal(search_tokenize(in, strlen(in), mode, join_token, &sb, NULL), 0);
    if (strcmp(sb_str(&sb), want) != 0) print_error("tokens(%s) = [%s], want [%s]\n", in, sb_str(&sb), want);
    assert_string_equal(sb_str(&sb), want);
    sb_free(&sb);
}

static void test_tokens(void **state)
{
    assert_tokens("沈阳市", SEARCH_DOCUMENT, "沈 +沈阳 阳 +阳市 市");
    assert_tokens("沈阳市", SEARCH_QUERY, "沈阳 阳市 市");
    assert_tokens("沈", SEARCH_QUERY, "沈");
    assert_tokens("京東ABC有限公司", SEARCH_DOCUMENT, "京 +京东 东 abc 有 +有限 限 +限公 公 +公司 司");
    assert_tokens("BJSY-2017-001", SEARCH_DOCUMENT, "bjsy 2017 001");
    assert_tokens("  ,，。!  ", SEARCH_DOCUMENT, "");
    /* a word longer than SEARCH_WORD_MAX is cut into pieces */
    assert_tokens("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", SEARCH_DOCUMENT,
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaaaaaaaa");
}

/* The tokens as "text@from-to" with their byte offsets in the stored text. */
static int offsets_token(void *ctx, const struct search_token *t)
{
    sbuf *sb = ctx;
    if (sb->len) sb_putc(sb, ' ');
    sb_append(sb, t->text, (size_t)t->len);
    sb_printf(sb, "@%d-%d", t->from, t->to);
    return 0;
}

static void test_tokens_offsets(void **state)
{
    sbuf sb;
    sb_init(&sb, 0);
    assert_int_equal(search_tokenize("沈陽 ＡＢ", strlen("沈陽 ＡＢ"), SEARCH_DOCUMENT, offsets_token, &sb, NULL), 0);
    assert_string_equal(sb_str(&sb), "沈@0-3 沈阳@0-6 阳@3-6 ab@7-13");
    sb_free(&sb);
}

/* --- queries ---------------------------------------------------------------------------- */

static void assert_query(const char *in, const char *fts5, const char *tsquery)
{
    struct search_query q;
    dk_err e;
    err_clear(&e);
    int rc = search_query_parse(in, &q, &e);
    if (rc != DK_OK) print_error("parse(%s): %s\n", in, e.message);
    assert_int_equal(rc, DK_OK);
    char *a = search_query_fts5(&q), *b = search_query_tsquery(&q);
    assert_string_equal(a, fts5);
    assert_string_equal(b, tsquery);
    free(a);
    free(b);
    search_query_free(&q);
}

static void assert_refused(const char *in, const char *code)
{
    struct search_query q;
    dk_err e;
    err_clear(&e);
    assert_int_equal(search_query_parse(in, &q, &e), DK_EINVAL);
    assert_string_equal(e.code, code);
    assert_string_equal(e.field, "q");
    assert_true(strlen(e.message) > 10);
    search_query_free(&q);
}

static void test_query_parse(void **state)
{
    assert_query("沈陽", "\"沈阳\"", "('沈阳' <-> '阳')");
    assert_query("沈", "\"沈\"", "('沈')");
    assert_query("京东 物流", "\"京东\" AND \"物流\"", "('京东' <-> '东') & ('物流' <-> '流')");
    assert_query("京东 AND 物流", "\"京东\" AND \"物流\"", "('京东' <-> '东') & ('物流' <-> '流')");
    assert_query("\"京东 集团\"", "\"京东 集团\"", "('京东' <-> '东' <-> '集团' <-> '团')");
    assert_query("BJSY-2017*", "\"bjsy 2017\" *", "('bjsy' <-> '2017':*)");
    assert_query("ＡＢＣ", "\"abc\"", "('abc')");
    assert_query("“沈阳”", "\"沈阳\"", "('沈阳' <-> '阳')");
    assert_query("x'; DROP TABLE projects; --", "\"x\" AND \"drop\" AND \"table\" AND \"projects\"",
                 "('x') & ('drop') & ('table') & ('projects')");
}

static void test_query_refusals(void **state)
{
    assert_refused("", "missing_field");
    assert_refused("   ", "missing_field");
    assert_refused("\"沈阳", "unbalanced_quote");
    assert_refused("京东 \"集团", "unbalanced_quote");
    assert_refused("AND * ( ) -", "no_terms");
    assert_refused("沈阳 OR 大连", "unsupported_operator");
    assert_refused("\xff\xfe", "invalid_utf8");
    char *big = malloc(10001);
    memset(big, 'a', 10000);
    big[10000] = '\0';
    assert_refused(big, "too_long");
    free(big);
    assert_refused("a b c d e f g h i j k l m n o p q", "too_many_terms");
}

static void test_snippet(void **state)
{
    struct search_query q;
    assert_int_equal(search_query_parse("沈陽 <b>", &q, NULL), DK_OK);
    static const struct snippet_style html = {"<mark>", "</mark>", 1, 60};
    char *s = search_snippet("瀋陽<b>新區", &q, &html);
    /* the stored text (Traditional) is marked, escaped */
    assert_string_equal(s, "<mark>瀋陽</mark>&lt;<mark>b</mark>&gt;新區");
    free(s);
    assert_int_equal(search_match_count("瀋陽", &q), 1);
    assert_int_equal(search_match_count("大连", &q), 0);
    search_query_free(&q);

    assert_int_equal(search_query_parse("物流", &q, NULL), DK_OK);
    static const struct snippet_style plain = {"[", "]", 0, 10};
    s = search_snippet("一二三四五六七八九十甲乙丙丁物流戊己庚辛壬癸子丑寅卯", &q, &plain);
    assert_string_equal(s, "…丙丁[物流]戊己庚辛壬癸…");
    free(s);
    search_query_free(&q);
}

static void test_tsvector(void **state)
{
    const char *fields[SEARCH_FIELDS] = {"沈陽", NULL, "ab"};
    char *v = search_tsvector(fields, NULL);
    assert_string_equal(v, "'沈':1A '沈阳':1A '阳':2A 'ab':5D");
    free(v);
}

/* --- the index on a database ------------------------------------------------------------ */

static size_t hits_for(db *d, const char *text)
{
    struct search_query q;
    struct search_filter f = {NULL, 0, NULL, 0, 10};
    struct search_hit *hits;
    size_t n;
    dk_err e;
    err_clear(&e);
    int rc = search_query_parse(text, &q, &e);
    assert_int_equal(rc, DK_OK);
    rc = store_search(d, &q, &f, &hits, &n, &e);
    if (rc != DK_OK) print_error("search: %s\n", e.message);
    assert_int_equal(rc, DK_OK);
    search_hits_free(hits, n);
    search_query_free(&q);
    return n;
}

static void test_index_follows_transaction(void **state)
{
    db *d = test_db_open();
    dk_err e;
    err_clear(&e);
    assert_int_equal(db_exec(d, "INSERT INTO pairings (code,name,programme,level,host_region,partner_region,start_date) "
                                "VALUES ('bj-sy','京沈','t','city','210100','110000','2017-03-01')", &e), DK_OK);
    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "INSERT INTO units (pairing_id, side, kind, name) VALUES (1, 'host', 'department', '瀋陽市商務局')", &e), DK_OK);
    int64_t id = db_int64(d, "SELECT MAX(id) FROM units", 0, 0);
    assert_int_equal(search_index_put(d, "unit", id, &e), DK_OK);
    assert_int_equal(hits_for(d, "沈阳 商务"), 1); /* visible inside the transaction */
    db_rollback(d);
    assert_int_equal(hits_for(d, "沈阳"), 0);       /* and gone with it */

    assert_int_equal(db_exec(d, "INSERT INTO units (pairing_id, side, kind, name) VALUES (1, 'host', 'department', '沈阳市商务局')", &e), DK_OK);
    id = db_int64(d, "SELECT MAX(id) FROM units", 0, 0);
    int64_t n = 0;
    assert_int_equal(search_index_rebuild(d, &n, &e), DK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(hits_for(d, "瀋陽"), 1);
    assert_int_equal(hits_for(d, "商"), 1);
    /* renamed: the index follows the record */
    assert_int_equal(db_begin_write(d, &e), DK_OK);
    assert_int_equal(db_exec(d, "UPDATE units SET name = '大连市财政局'", &e), DK_OK);
    assert_int_equal(search_index_put(d, "unit", id, &e), DK_OK);
    assert_int_equal(db_commit(d, &e), DK_OK);
    assert_int_equal(hits_for(d, "沈阳"), 0);
    assert_int_equal(hits_for(d, "大連"), 1);
    /* gone: dropped from the index */
    assert_int_equal(db_exec(d, "DELETE FROM units", &e), DK_OK);
    assert_int_equal(search_index_put(d, "unit", id, &e), DK_OK);
    assert_int_equal(hits_for(d, "大连"), 0);
    test_db_close(d);
}

static void test_migrate_indexes_existing_records(void **state)
{
    /* a database from before 006: its records are indexed when the migration arrives */
    db *d = test_db_open();
    dk_err e;
    err_clear(&e);
    assert_int_equal(db_exec(d, "INSERT INTO pairings (code,name,programme,level,host_region,partner_region,start_date) "
                                "VALUES ('bj-sy','京沈','t','city','210100','110000','2017-03-01');"
                                "INSERT INTO units (pairing_id, side, kind, name) VALUES (1, 'host', 'district', '法库县人民政府')", &e),
                     DK_OK);
    assert_int_equal(db_exec(d, db_dialect_of(d) == DB_SQLITE ? "DROP TABLE search_fts; DROP TABLE search_docs"
                                                              : "DROP TABLE search_docs", &e),
                     DK_OK);
    assert_int_equal(db_exec(d, "DELETE FROM schema_migrations WHERE version = 6", &e), DK_OK);
    int applied = 0;
    assert_int_equal(store_migrate(d, &applied, &e), DK_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(hits_for(d, "法库"), 1);
    test_db_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_offsets),
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_tokens_offsets),
        cmocka_unit_test(test_query_parse),
        cmocka_unit_test(test_query_refusals),
        cmocka_unit_test(test_snippet),
        cmocka_unit_test(test_tsvector),
        cmocka_unit_test(test_index_follows_transaction),
        cmocka_unit_test(test_migrate_indexes_existing_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
