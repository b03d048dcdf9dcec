// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path and group priorities from the kernel's path_stats (path_stats.c), in
 * show's tree and in show --json, and the show command through
 * fake_mpdm.c's "alua0" map (a map with the alua handler).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fake_mpdm.h"
#include "table/path_stats.h"
#include "cli/cli.h"
#include "unit.h"
#include "cli/show_tree.h"
#include "cli/show_json.h"
#include "table/status.h"

/* Lines as kmod/stats.c and the alua handler write them. */
#define L16 "8:16 group=1 state=active fail_count=0 errors=0 ios=9"	\
	" in_flight=0 latency_us=0.412 alua=active/optimized prio=50 tpg=1" \
	" alua_mode=mpath2\n"
#define L32 "8:32 group=2 state=blocked fail_count=0 errors=1 ios=3"	\
	" in_flight=0 latency_us=0.100 alua=standby prio=1 tpg=2"	\
	" alua_mode=scsi_dh\n"
#define L48 "8:48 group=2 state=active fail_count=0 errors=0 ios=0"	\
	" in_flight=0 latency_us=0.000 alua=unknown prio=0 tpg=2"	\
	" alua_mode=mpath2\n"
#define NOALUA "8:64 group=1 state=active fail_count=0 errors=0 ios=0" \
	" in_flight=0 latency_us=0.000 alua=none\n"
#define PLAIN "8:80 group=1 state=active fail_count=0 errors=0 ios=0"	\
	" in_flight=0 latency_us=0.000\n"

struct parse_case {
	const char *name, *answer;
	size_t nr;			/* priorities found */
	int p16, p32, p48, p64;		/* PATH_STATS_NONE: none for that path */
};

static const struct parse_case parse_cases[] = {
	{ "alua_lines", L16 L32 L48, 3, 50, 1, 0, PATH_STATS_NONE },
	{ "no_trailing_newline", "8:16 group=1 alua=x prio=50", 1, 50,
	  PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE },
	{ "no_handler_info", NOALUA PLAIN, 0, PATH_STATS_NONE, PATH_STATS_NONE,
	  PATH_STATS_NONE, PATH_STATS_NONE },
	{ "empty", "", 0, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE },
	{ "null", NULL, 0, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE },
	{ "mixed", NOALUA L32 PLAIN, 1, PATH_STATS_NONE, 1, PATH_STATS_NONE,
	  PATH_STATS_NONE },
	/* Malformed words are skipped, never half-read. */
	{ "bad_values",
	  "8:16 prio=-1\n8:32 prio=5x\n8:48 prio=\n8:64 prio=99999999999\n",
	  0, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE },
	{ "bad_devices", "sdb prio=50\n8:x prio=10\n prio=3\n8:64 prio=7\n",
	  1, PATH_STATS_NONE, PATH_STATS_NONE, PATH_STATS_NONE, 7 },
	{ "lookalike_words", "8:16 xprio=5 prio_x=6 aprio=7\n8:32 alua=x"
	  " prio=10\n", 1, PATH_STATS_NONE, 10, PATH_STATS_NONE, PATH_STATS_NONE },
	{ "blank_lines", "\n\n" L48 "\n", 1, PATH_STATS_NONE, PATH_STATS_NONE, 0,
	  PATH_STATS_NONE },
};

static void parse_case(void **state)
{
	const struct parse_case *c = *state;
	struct path_stats_list kp;
	int got[4];

	CHECK(!path_stats_parse(c->answer, &kp), "out of memory");
	got[0] = path_stats_path(&kp, 8, 16);
	got[1] = path_stats_path(&kp, 8, 32);
	got[2] = path_stats_path(&kp, 8, 48);
	got[3] = path_stats_path(&kp, 8, 64);
	path_stats_free(&kp);
	CHECK(kp.nr == 0 && !kp.p, "not freed");
	CHECK(got[0] == c->p16 && got[1] == c->p32 && got[2] == c->p48 &&
	      got[3] == c->p64, "prios %d %d %d %d, not %d %d %d %d", got[0],
	      got[1], got[2], got[3], c->p16, c->p32, c->p48, c->p64);
	CHECK(!path_stats_parse(c->answer, &kp), "out of memory");
	if (kp.nr != c->nr) {
		print_error("%zu priorities, not %zu\n", kp.nr, c->nr);
		path_stats_free(&kp);
		fail();
	}
	path_stats_free(&kp);
}

/* A group's prio: its best path's; unknown paths do not count. */
static void group_best(void **state)
{
	static const char table[] = "0 1 alua 3 1 round-robin 0 1 1 8:16 1"
		" round-robin 0 3 1 8:32 1 8:48 1 8:64 1"
		" round-robin 0 1 1 8:80 1 ";
	struct path_stats_list kp;
	struct status_map t;
	char err[256];
	int g[3];

	(void)state;
	CHECK(!status_parse(MP_TABLE, table, &t, err, sizeof(err)), "%s", err);
	if (path_stats_parse(L16 L32 L48 NOALUA, &kp)) {
		status_free(&t);
		CHECK(0, "out of memory");
	}
	g[0] = path_stats_group(&kp, &t.groups[0]);
	g[1] = path_stats_group(&kp, &t.groups[1]);
	g[2] = path_stats_group(&kp, &t.groups[2]);
	path_stats_free(&kp);
	CHECK(path_stats_group(NULL, &t.groups[0]) == PATH_STATS_NONE, "no prios");
	status_free(&t);
	CHECK(g[0] == 50 && g[1] == 1 && g[2] == PATH_STATS_NONE,
	      "groups %d %d %d, not 50 1 none", g[0], g[1], g[2]);
}

#define TABLE	"0 1 alua 2 1 round-robin 0 1 1 8:16 1 round-robin 0 2 1 8:32 1 8:48 1 "
#define STATUS	"2 0 0 0 2 1 A 0 1 0 8:16 A 0 E 0 2 0 8:32 F 1 8:48 A 0 "

static int parse_maps(struct status_map *t, struct status_map *i)
{
	char err[256];

	if (status_parse(MP_TABLE, TABLE, t, err, sizeof(err)))
		return -1;
	if (status_parse(MP_INFO, STATUS, i, err, sizeof(err))) {
		status_free(t);
		return -1;
	}
	return 0;
}

/* The tree: each group's best prio, n/a where the kernel gave none. */
static void tree(void **state)
{
	static const char want[] =
		"m dm-9\n"
		"size=1.0M features='0' hwhandler='1 alua' wp=rw\n"
		"|-+- policy='round-robin 0' prio=n/a status=active\n"
		"| `- #:#:#:# - 8:16 active undef -\n"
		"`-+- policy='round-robin 0' prio=1 status=enabled\n"
		"  |- #:#:#:# - 8:32 failed undef -\n"
		"  `- #:#:#:# - 8:48 active undef -\n";
	struct show_map sm = { "m", 253, 9, 2048, 0, NULL, NULL, NULL, NULL };
	char err[256] = "", *out = NULL;
	struct status_map t, i;
	struct path_stats_list kp;
	size_t size = 0;
	FILE *f;
	int r;

	(void)state;
	CHECK(!parse_maps(&t, &i), "setup");
	if (path_stats_parse(L32 L48, &kp)) {
		status_free(&t);
		status_free(&i);
		CHECK(0, "out of memory");
	}
	sm.prios = &kp;
	f = open_memstream(&out, &size);
	r = f ? show_tree(f, &sm, &t, &i, NULL, err, sizeof(err)) : -1;
	if (f)
		fclose(f);
	path_stats_free(&kp);
	status_free(&t);
	status_free(&i);
	if (r || strcmp(out, want)) {
		fprintf(stderr, "expected:\n%sgot:\n%s", want, out);
		free(out);
		if (r)
			fail_msg("refused: %s", err);
		fail_msg("output differs (see stderr)");
	}
	free(out);
}

/* The member at dotted @path of @o as a string; "null", or NULL if absent. */
static const char *at(json_object *o, const char *path)
{
	const char *p = path, *dot;
	char key[64];

	while (o && *p) {
		dot = strchr(p, '.');
		snprintf(key, sizeof(key), "%.*s",
			 (int)(dot ? dot - p : (long)strlen(p)), p);
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(key));
		else if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		p = dot ? dot + 1 : p + strlen(p);
	}
	return o ? json_object_get_string(o) : "null";
}

/* Check @want (pairs of path, value) in JSON text @out. */
static int json_has(const char *out, const char *const (*want)[2], size_t n,
		    char *why, size_t len)
{
	json_object *doc = json_tokener_parse(out);
	const char *got;
	size_t k;

	CHECK(doc, "output does not parse: %s", out);
	for (k = 0; k < n; k++) {
		got = at(doc, want[k][0]);
		if (!got || strcmp(got, want[k][1])) {
			snprintf(why, len, "%s: '%s', not '%s'", want[k][0],
				 got ? got : "(missing)", want[k][1]);
			json_object_put(doc);
			return -1;
		}
	}
	json_object_put(doc);
	return 0;
}

static const char *const want_doc[][2] = {
	{ "format_version", "1" },
	{ "maps.0.groups.0.prio", "50" },
	{ "maps.0.groups.0.paths.0.prio", "50" },
	{ "maps.0.groups.1.prio", "1" },
	{ "maps.0.groups.1.paths.0.prio", "1" },
	{ "maps.0.groups.1.paths.1.prio", "null" },
};

static const char *const want_none[][2] = {
	{ "maps.0.groups.0.prio", "null" },
	{ "maps.0.groups.0.paths.0.prio", "null" },
	{ "maps.0.groups.1.prio", "null" },
	{ "maps.0.groups.1.paths.1.prio", "null" },
};

/* --json: a prio per path and per group, null where none is known. */
static void json_prios(void **state)
{
	const void *arg = *state;
	struct show_map sm = { "m", 253, 9, 2048, 0, NULL, NULL, NULL, NULL };
	char err[256] = "", *out = NULL;
	int with = *(const int *)arg, r;
	struct status_map t, i;
	struct path_stats_list kp = { NULL, 0 };
	json_object *doc;
	size_t size = 0;
	FILE *f;
	char why[2048] = "";

	CHECK(!parse_maps(&t, &i), "setup");
	if (with && path_stats_parse(L16 L32 NOALUA, &kp)) {
		status_free(&t);
		status_free(&i);
		CHECK(0, "out of memory");
	}
	sm.prios = with ? &kp : NULL;
	doc = show_json_new();
	r = show_json_add(doc, &sm, &t, &i, NULL, err, sizeof(err));
	f = open_memstream(&out, &size);
	show_json_print(f, doc);
	fclose(f);
	path_stats_free(&kp);
	status_free(&t);
	status_free(&i);
	if (r) {
		free(out);
		CHECK(0, "refused: %s", err);
	}
	r = with ? json_has(out, want_doc, ARRAY_SIZE(want_doc), why, sizeof(why)) :
		   json_has(out, want_none, ARRAY_SIZE(want_none), why, sizeof(why));
	free(out);
	if (r)
		fail_msg("%s", why);
}

/* Run cli_main(@argv...) against the fakes; stdout into *@out. */
static int run(const char *const *argv, int argc, char **out, char **err)
{
	struct cli_ctl ctl = { 0 };
	size_t outlen = 0, errlen = 0;
	int status;

	ctl.out = open_memstream(out, &outlen);
	ctl.err = open_memstream(err, &errlen);
	ctl.sysfs = fake_sysfs;
	if (!ctl.out || !ctl.err)
		return -1;
	status = cli_main(argc, (char **)argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	return status;
}

/* The command: path_stats asked of a map with the alua handler. */
static void cmd_tree(void **state)
{
	static const char *const argv[] = { "mpath2ctl", "show", "alua0" };
	static const char want[] =
		"alua0 dm-15\n"
		"size=1.0G features='0' hwhandler='1 alua' wp=rw\n"
		"|-+- policy='round-robin 0' prio=50 status=active\n"
		"| `- 0:0:0:0 sdb 8:16 active faulty -\n"
		"`-+- policy='round-robin 0' prio=10 status=enabled\n"
		"  |- 0:0:0:1 sdc 8:32 active faulty -\n"
		"  `- 0:0:0:7 sdi 8:128 active faulty -\n";
	char *out = NULL, *err = NULL;
	int status;

	(void)state;
	status = run(argv, 3, &out, &err);
	if (status || strcmp(out, want) || strcmp(fake_dm_sent,
						  "alua0: path_stats")) {
		fprintf(stderr, "expected:\n%sgot:\n%s", want, out);
		print_error("status %d, sent '%s', stderr '%s', stdout %s\n",
			    status, fake_dm_sent, err,
			    strcmp(out, want) ? "differs (see stderr)" : "right");
		free(out);
		free(err);
		fail();
	}
	free(out);
	free(err);
}

static const char *const want_cmd[][2] = {
	{ "maps.0.name", "alua0" },
	{ "maps.0.groups.0.prio", "50" },
	{ "maps.0.groups.0.paths.0.prio", "50" },
	{ "maps.0.groups.1.prio", "10" },
	{ "maps.0.groups.1.paths.0.prio", "10" },
	{ "maps.0.groups.1.paths.1.prio", "null" },
};

static void cmd_json(void **state)
{
	static const char *const argv[] = { "mpath2ctl", "show", "alua0",
					    "--json" };
	char *out = NULL, *err = NULL;
	int status, r;
	char why[2048] = "";

	(void)state;
	status = run(argv, 4, &out, &err);
	r = status ? -1 : json_has(out, want_cmd, ARRAY_SIZE(want_cmd), why,
				   sizeof(why));
	if (status)
		snprintf(why, sizeof(why), "status %d: %s", status, err);
	free(out);
	free(err);
	if (r)
		fail_msg("%s", why);
}

/* A map without the alua handler is not sent path_stats at all. */
static void cmd_no_handler(void **state)
{
	static const char *const argv[] = { "mpath2ctl", "show", "mpatha" };
	char *out = NULL, *err = NULL;
	int status;

	(void)state;
	status = run(argv, 3, &out, &err);
	CHECK(!status && !fake_dm_sent[0] && strstr(out, "prio=n/a"),
	      "status %d, sent '%s'", status, fake_dm_sent);
	free(out);
	free(err);
}

void kprio_tests(void)
{
	static const int with = 1, without = 0;

	UNIT_TABLE("tools/kprio/parse", parse_case, parse_cases);
	unit_case("tools/kprio/group_is_best_path", group_best, NULL);
	unit_case("tools/kprio/show_tree", tree, NULL);
	unit_case("tools/kprio/show_json", json_prios, &with);
	unit_case("tools/kprio/show_json_without", json_prios, &without);
	unit_case("tools/kprio/cmd/show", cmd_tree, NULL);
	unit_case("tools/kprio/cmd/show_json", cmd_json, NULL);
	unit_case("tools/kprio/cmd/no_handler_no_message", cmd_no_handler, NULL);
}
