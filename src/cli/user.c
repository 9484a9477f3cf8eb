/*
 * user.c — `duikou user add | passwd | disable | list` and `duikou token add`: accounts from the
 * command line, acting as the system administrator of the machine (audited as "cli").
 * Passwords come from $DUIKOU_PASSWORD, or one is generated and printed once.
 */
#include "cli/cli.h"
#include "service/auth.h"
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: duikou user add LOGIN --role admin|office|unit|partner|viewer [--name NAME] [--pairing CODE]\n"
          "                        [--side host|partner] [--unit ID] [--export] [--db URL]\n"
          "       duikou user passwd LOGIN [--db URL]\n"
          "       duikou user disable LOGIN [--db URL]\n"
          "       duikou user list [--db URL]\n"
          "       duikou token add LOGIN NAME [--db URL]     (prints a new API token once)\n"
          "  The password is $DUIKOU_PASSWORD when set, else a generated one printed once.\n",
          f);
}

/* The password to set: $DUIKOU_PASSWORD, or a new random one written into buf and shown. */
static const char *password_for(char *buf, size_t n, int *generated)
{
    const char *env = getenv("DUIKOU_PASSWORD");
    *generated = !(env && *env);
    if (!*generated) return env;
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(buf, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return buf;
}

int cli_user_create_admin(db *d, const char *login, dk_err *e)
{
    char buf[64];
    int generated;
    const char *pw = password_for(buf, sizeof buf, &generated);
    const char *env = getenv("DUIKOU_ADMIN_PASSWORD");
    if (env && *env) {
        pw = env;
        generated = 0;
    }
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "login", login, "name", "管理员", "role", "admin", "password", pw);
    int64_t id;
    int rc = auth_user_create(d, &cli_actor, body, &id, e);
    json_decref(body);
    if (rc == DK_OK && generated) printf("duikou: administrator \"%s\" created; password (shown once): %s\n", login, pw);
    else if (rc == DK_OK) printf("duikou: administrator \"%s\" created with the given password\n", login);
    return rc;
}

static int user_add(db *d, int argc, char **argv, dk_err *e)
{
    static const struct option opts[] = {{"role", required_argument, 0, 'r'}, {"name", required_argument, 0, 'n'},
                                         {"pairing", required_argument, 0, 'p'}, {"side", required_argument, 0, 's'},
                                         {"unit", required_argument, 0, 'u'}, {"export", no_argument, 0, 'x'},
                                         {"db", required_argument, 0, 'b'}, {0, 0, 0, 0}};
    json_t *body = json_object();
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r': json_object_set_new(body, "role", json_string(optarg)); break;
        case 'n': json_object_set_new(body, "name", json_string(optarg)); break;
        case 'p': json_object_set_new(body, "pairing", json_string(optarg)); break;
        case 's': json_object_set_new(body, "side", json_string(optarg)); break;
        case 'u': {
            char *end;
            long long u = strtoll(optarg, &end, 10);
            if (*end || u <= 0) {
                json_decref(body);
                return err_set(e, DK_EINVAL, "invalid_field", "unit", "--unit 应为单位编号 (a unit id)");
            }
            json_object_set_new(body, "unit_id", json_integer(u));
            break;
        }
        case 'x': json_object_set_new(body, "can_export", json_true()); break;
        case 'b': break;
        default: json_decref(body); return err_set(e, DK_EINVAL, "usage", "", "see duikou user --help");
        }
    }
    if (optind >= argc) {
        json_decref(body);
        return err_set(e, DK_EINVAL, "usage", "login", "缺少账号 LOGIN (duikou user add LOGIN --role …)");
    }
    char buf[64];
    int generated;
    const char *pw = password_for(buf, sizeof buf, &generated);
    json_object_set_new(body, "login", json_string(argv[optind]));
    json_object_set_new(body, "password", json_string(pw));
    int64_t id;
    int rc = auth_user_create(d, &cli_actor, body, &id, e);
    json_decref(body);
    if (rc == DK_OK) {
        printf("duikou: account \"%s\" created (id %lld)", argv[optind], (long long)id);
        if (generated) printf("; password (shown once): %s", pw);
        printf("\n");
    }
    return rc;
}

static int user_set(db *d, const char *sub, const char *login, dk_err *e)
{
    if (strcmp(sub, "passwd") == 0) {
        char buf[64];
        int generated;
        const char *pw = password_for(buf, sizeof buf, &generated);
        int rc = auth_set_password(d, &cli_actor, login, pw, e);
        if (rc == DK_OK) printf("duikou: password of \"%s\" changed%s%s\n", login, generated ? "; new password (shown once): " : "",
                                generated ? pw : "");
        return rc;
    }
    struct account a;
    int rc = accounts_by_login(d, login, &a, NULL, 0, e);
    if (rc != DK_OK) return rc;
    json_t *body = json_pack("{s:b}", "disabled", 1);
    rc = auth_user_update(d, &cli_actor, a.id, 0, body, e);
    json_decref(body);
    if (rc == DK_OK) printf("duikou: account \"%s\" disabled; its sessions ended\n", login);
    return rc;
}

static const char *db_arg(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--db") == 0) return argv[i + 1];
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--db=", 5) == 0) return argv[i] + 5;
    return NULL;
}

int cli_user(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    int code = 0;
    db *d = cli_open_current(cli_db_url(db_arg(argc, argv)), &code);
    if (!d) return code;
    if (sodium_init() < 0) return 1;
    dk_err e;
    err_clear(&e);
    int rc;
    if (strcmp(sub, "add") == 0) rc = user_add(d, argc, argv, &e);
    else if ((strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0) && argc >= 3 && argv[2][0] != '-')
        rc = user_set(d, sub, argv[2], &e);
    else if (strcmp(sub, "list") == 0) {
        json_t *list = accounts_list(d, &e);
        rc = list ? DK_OK : e.status;
        size_t i;
        json_t *u;
        json_array_foreach(list, i, u) {
            printf("%4lld  %-20s %-8s %-10s %s\n", (long long)json_integer_value(json_object_get(u, "id")),
                   json_string_value(json_object_get(u, "login")), json_string_value(json_object_get(u, "role")),
                   json_integer_value(json_object_get(u, "disabled")) ? "disabled" : "active",
                   json_string_value(json_object_get(u, "name")));
        }
        json_decref(list);
    } else {
        db_close(d);
        usage(stderr);
        return 2;
    }
    db_close(d);
    return rc == DK_OK ? 0 : cli_fail(&e);
}

int cli_token(int argc, char **argv)
{
    if (argc < 4 || strcmp(argv[1], "add") != 0) {
        fputs("usage: duikou token add LOGIN NAME [--db URL]\n  Prints a new API token for the account, once.\n", stderr);
        return 2;
    }
    int code = 0;
    db *d = cli_open_current(cli_db_url(db_arg(argc, argv)), &code);
    if (!d) return code;
    if (sodium_init() < 0) return 1;
    dk_err e;
    err_clear(&e);
    struct account a;
    char token[AUTH_TOKEN_LEN];
    int64_t id = 0;
    int rc = accounts_by_login(d, argv[2], &a, NULL, 0, &e);
    if (rc == DK_OK) {
        struct actor owner = {a.login, a.role, a.unit_id, NULL, a.pairing_id, NULL, a.can_export, a.id};
        rc = auth_token_create(d, &owner, argv[3], token, &id, &e);
    }
    db_close(d);
    if (rc != DK_OK) return cli_fail(&e);
    printf("%s\n", token);
    return 0;
}
