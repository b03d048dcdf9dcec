// SPDX-License-Identifier: GPL-2.0-only
/*
 * show's per-path facts (pathinfo.c) and show --json (show_json.c), on a
 * fake sysfs of two iSCSI sessions to one LUN, each through its own
 * iface and portal, as open-iscsi lays them out:
 *
 *   8:16 sdb  2:0:0:0  session3  iface0 -> 127.0.0.1:3260  running
 *   8:32 sdc  3:0:0:0  session4  iface1 -> 127.0.0.2:3260  offline
 *   253:3 dm-3
 * and the command through fake_mpdm.c against test_main.c's sysfs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fake_daemon_sys.h"
#include "fake_mpdm.h"
#include "fakefs.h"
#include "cli/cli.h"
#include "lib/pathinfo.h"
#include "unit.h"
#include "cli/show_tree.h"
#include "cli/show_json.h"
#include "table/status.h"

#define IQN	"iqn.2003-01.org.linux-iscsi.mpath2:e2e"
#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define S3	"devices/platform/host2/session3/target2:0:0/2:0:0:0"
#define S4	"devices/platform/host3/session4/target3:0:0/3:0:0:0"

static const char *const tree[][2] = {	/* file, contents; "@x": link to x */
	{ "dev/block/8:16", "@../../" S3 "/block/sdb" },
	{ "dev/block/8:32", "@../../" S4 "/block/sdc" },
	{ "dev/block/253:3", "@../../devices/virtual/block/dm-3" },
	{ S3 "/block/sdb/device", "@../.." },
	{ S4 "/block/sdc/device", "@../.." },
	{ S3 "/state", "running\n" },
	{ S4 "/state", "offline\n" },
	{ S3 "/vendor", "LIO-ORG \n" },
	{ S3 "/model", "e2e             \n" },
	{ "class/iscsi_session/session3/targetname", IQN "\n" },
	{ "class/iscsi_session/session3/ifacename", "iface0\n" },
	{ "class/iscsi_session/session4/targetname", IQN "\n" },
	{ "class/iscsi_session/session4/ifacename", "iface1\n" },
	{ "class/iscsi_connection/connection3:0/persistent_address", "127.0.0.1\n" },
	{ "class/iscsi_connection/connection3:0/persistent_port", "3260\n" },
	{ "class/iscsi_connection/connection4:0/persistent_address", "127.0.0.2\n" },
	{ "class/iscsi_connection/connection4:0/persistent_port", "3260\n" },
};

static int make_tree(char *root)
{
	size_t i;

	if (fakefs_new(root))
		return -1;
	for (i = 0; i < ARRAY_SIZE(tree); i++) {
		int r = tree[i][1][0] == '@' ?
			fakefs_link(root, tree[i][0], tree[i][1] + 1) :
			fakefs_puts(root, tree[i][0], tree[i][1]);

		if (r)
			return -1;
	}
	return fakefs_mkdir(root, "devices/virtual/block/dm-3");
}

#define TABLE	"1 queue_if_no_path 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 "
#define STATUS	"2 0 0 0 2 1 A 0 1 0 8:16 A 0 E 0 1 0 8:32 F 3 "

static const char *checker(void *ctx, unsigned int major, unsigned int minor)
{
	(void)ctx;
	(void)major;
	return minor == 16 ? "ready" : "faulty";
}

static const struct show_map lun0 = { "lun0", 253, 3, 2097152, 0, WWID_A,
				      checker, NULL, NULL };

static void facts(void **state)
{
	char root[] = "/tmp/mpath2-showjson.XXXXXX";
	struct pathinfo_facts f;
	int r = -1;
	char why[2048] = "";

	(void)state;
	CHECK(!make_tree(root), "fake sysfs");
	pathinfo_read(root, 8, 16, &f);
	if (strcmp(f.dev, "sdb") || strcmp(f.hctl, "2:0:0:0") ||
	    strcmp(f.state, "running") || strcmp(f.vendor, "LIO-ORG") ||
	    strcmp(f.product, "e2e") || strcmp(f.iface, "iface0") ||
	    strcmp(f.portal, "127.0.0.1:3260") || strcmp(f.target, IQN))
		snprintf(why, sizeof(why), "sdb: %s %s %s '%s' '%s' %s %s %s", f.dev,
			 f.hctl, f.state, f.vendor, f.product, f.iface,
			 f.portal, f.target);
	else
		r = 0;
	pathinfo_read(root, 8, 99, &f);
	if (!r && (f.dev[0] || f.hctl[0] || f.portal[0])) {
		snprintf(why, sizeof(why), "8:99 has facts");
		r = -1;
	}
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

static int parse(struct status_map *t, struct status_map *i)
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

static void text_iscsi(void **state)
{
	static const char want[] =
		"lun0 (" WWID_A ") dm-3 LIO-ORG,e2e\n"
		"size=1.0G features='1 queue_if_no_path' hwhandler='0' wp=rw\n"
		"|-+- policy='round-robin 0' prio=n/a status=active\n"
		"| `- 2:0:0:0 sdb 8:16 active ready running iface0 -> 127.0.0.1:3260\n"
		"`-+- policy='round-robin 0' prio=n/a status=enabled\n"
		"  `- 3:0:0:0 sdc 8:32 failed faulty offline iface1 -> 127.0.0.2:3260\n";
	char root[] = "/tmp/mpath2-showjson.XXXXXX", err[256], *out = NULL;
	struct status_map t, i;
	size_t size = 0;
	FILE *f;
	int r;

	(void)state;
	CHECK(!make_tree(root) && !parse(&t, &i), "setup");
	f = open_memstream(&out, &size);
	r = show_tree(f, &lun0, &t, &i, root, err, sizeof(err));
	fclose(f);
	status_free(&t);
	status_free(&i);
	fakefs_remove(root);
	if (r || strcmp(out, want)) {
		fprintf(stderr, "expected:\n%sgot:\n%s", want, out);
		free(out);
		if (r)
			fail_msg("refused: %s", err);
		fail_msg("output differs (see stderr)");
	}
	free(out);
}

/* The string at dotted @path ("maps.0.groups.1.status") of @o, or NULL. */
static const char *at(json_object *o, const char *path)
{
	char key[64];
	const char *p = path, *dot;

	while (o && *p) {
		dot = strchr(p, '.');
		snprintf(key, sizeof(key), "%.*s", (int)(dot ? dot - p : (long)strlen(p)),
			 p);
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(key));
		else if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		p = dot ? dot + 1 : p + strlen(p);
	}
	return o ? json_object_get_string(o) : "null";
}

static const char *const want_json[][2] = {
	{ "format_version", "1" },
	{ "maps.0.name", "lun0" },
	{ "maps.0.wwid", WWID_A },
	{ "maps.0.dm_name", "dm-3" },
	{ "maps.0.vendor", "LIO-ORG" },
	{ "maps.0.product", "e2e" },
	{ "maps.0.size", "1.0G" },
	{ "maps.0.sectors", "2097152" },
	{ "maps.0.features", "1 queue_if_no_path" },
	{ "maps.0.hwhandler", "0" },
	{ "maps.0.write_protect", "rw" },
	{ "maps.0.current_group", "1" },
	{ "maps.0.groups.0.number", "1" },
	{ "maps.0.groups.0.selector", "round-robin 0" },
	{ "maps.0.groups.0.prio", "null" },
	{ "maps.0.groups.0.status", "active" },
	{ "maps.0.groups.1.status", "enabled" },
	{ "maps.0.groups.0.paths.0.hctl", "2:0:0:0" },
	{ "maps.0.groups.0.paths.0.dev", "sdb" },
	{ "maps.0.groups.0.paths.0.devt", "8:16" },
	{ "maps.0.groups.0.paths.0.dm_state", "active" },
	{ "maps.0.groups.0.paths.0.checker_state", "ready" },
	{ "maps.0.groups.0.paths.0.device_state", "running" },
	{ "maps.0.groups.0.paths.0.fail_count", "0" },
	{ "maps.0.groups.0.paths.0.iscsi.iface", "iface0" },
	{ "maps.0.groups.0.paths.0.iscsi.portal", "127.0.0.1:3260" },
	{ "maps.0.groups.0.paths.0.iscsi.target", IQN },
	{ "maps.0.groups.1.paths.0.dm_state", "failed" },
	{ "maps.0.groups.1.paths.0.checker_state", "faulty" },
	{ "maps.0.groups.1.paths.0.device_state", "offline" },
	{ "maps.0.groups.1.paths.0.fail_count", "3" },
	{ "maps.0.groups.1.paths.0.iscsi.portal", "127.0.0.2:3260" },
};

static void json_doc(void **state)
{
	char root[] = "/tmp/mpath2-showjson.XXXXXX", err[256] = "", *out = NULL;
	json_object *doc, *back;
	struct status_map t, i;
	size_t k, size = 0;
	const char *got;
	FILE *f;
	int r;
	char why[2048] = "";

	(void)state;
	CHECK(!make_tree(root) && !parse(&t, &i), "setup");
	doc = show_json_new();
	r = show_json_add(doc, &lun0, &t, &i, root, err, sizeof(err));
	f = open_memstream(&out, &size);
	show_json_print(f, doc);
	fclose(f);
	status_free(&t);
	status_free(&i);
	fakefs_remove(root);
	back = json_tokener_parse(out);
	if (r || !back) {
		free(out);
		json_object_put(back);
		if (r)
			fail_msg("refused: %s", err);
		fail_msg("output does not parse");
	}
	for (k = 0; k < ARRAY_SIZE(want_json); k++) {
		got = at(back, want_json[k][0]);
		if (!got || strcmp(got, want_json[k][1])) {
			snprintf(why, sizeof(why), "%s: '%s', not '%s'", want_json[k][0],
				 got ? got : "(missing)", want_json[k][1]);
			break;
		}
	}
	json_object_put(back);
	free(out);
	if (k < ARRAY_SIZE(want_json))
		fail_msg("%s", why);
}

/* A path without facts: nulls, not "-"; no iscsi object. */
static void json_unknowns(void **state)
{
	static const struct show_map bare = { "m", 253, 9, 2048, 1, NULL, NULL,
					      NULL, NULL };
	char err[256] = "";
	json_object *doc;
	struct status_map t, i;
	int r;

	(void)state;
	CHECK(!parse(&t, &i), "setup");
	doc = show_json_new();
	r = show_json_add(doc, &bare, &t, &i, NULL, err, sizeof(err));
	status_free(&t);
	status_free(&i);
	if (r) {
		json_object_put(doc);
		CHECK(0, "refused: %s", err);
	}
	r = strcmp(at(doc, "maps.0.wwid"), "null") ||
	    strcmp(at(doc, "maps.0.groups.0.paths.0.hctl"), "null") ||
	    strcmp(at(doc, "maps.0.groups.0.paths.0.iscsi"), "null") ||
	    strcmp(at(doc, "maps.0.groups.0.paths.0.checker_state"), "undef") ||
	    strcmp(at(doc, "maps.0.dm_name"), "dm-9") ||
	    strcmp(at(doc, "maps.0.write_protect"), "ro");
	json_object_put(doc);
	CHECK(!r, "unknowns not null");
}

/*
 * The command, through fake_mpdm.c and test_main.c's sysfs; the checks it
 * starts counted by tests/fake_daemon_sys.c.
 */
struct cmd_case {
	const char *name;
	const char *argv[4];
	int status;
	size_t maps;		/* in the document */
	const char *err;
	const char *conf;	/* --config's text; NULL: built-in defaults */
	int tur, dio;		/* checks of each kind started */
};

#define DIO_CONF	"defaults {\n\tpath_checker directio\n}\n"

static const struct cmd_case cmd_cases[] = {
	{ "one", { "show", "mpatha", "--json" }, 0, 1, "", NULL, 2, 0 },
	/* mpathb has the same two paths: each checked once. */
	{ "all", { "show", "--json" }, 0, 2, "", NULL, 2, 0 },
	{ "unknown_option", { "show", "--jsn" }, 1, 0,
	  "mpath2ctl: show: unknown option '--jsn'\n", NULL, 0, 0 },
	{ "missing_map", { "show", "--json", "nosuch" }, 1, 0, "no such map",
	  NULL, 0, 0 },
	/* The checker column comes from the map's path_checker. */
	{ "checker_from_config", { "show", "mpatha", "--json" }, 0, 1, "",
	  DIO_CONF, 0, 2 },
	{ "checker_config_tur", { "show", "mpatha", "--json" }, 0, 1, "",
	  "defaults {\n\tpath_checker tur\n}\n", 2, 0 },
	/* A broken config is said, and the paths are still checked (tur). */
	{ "checker_config_broken", { "show", "mpatha", "--json" }, 0, 1,
	  "path_checker", "defaults {\n\tpath_checker readsector0\n}\n", 2,
	  0 },
};

static void cmd_case(void **state)
{
	const struct cmd_case *c = *state;
	char *argv[6] = { "mpath2ctl" }, *out = NULL, *err = NULL;
	size_t outlen = 0, errlen = 0, n = 0;
	char root[] = "/tmp/mpath2ctl-showconf.XXXXXX", conf[64];
	struct cli_ctl ctl = { 0 };
	json_object *doc = NULL, *maps;
	int argc = 1, status, r = -1;
	char why[2048] = "";

	while (c->argv[argc - 1] && argc < 5) {
		argv[argc] = (char *)c->argv[argc - 1];
		argc++;
	}
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = fake_sysfs;
	if (c->conf) {
		CHECK(!fakefs_new(root) &&
		      !fakefs_puts(root, "mpath2.conf", c->conf), "mkdtemp");
		snprintf(conf, sizeof(conf), "%s/mpath2.conf", root);
		ctl.config = conf;
	}
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	if (c->conf)
		fakefs_remove(root);
	if (c->maps) {
		doc = json_tokener_parse(out);
		if (doc && json_object_object_get_ex(doc, "maps", &maps))
			n = json_object_array_length(maps);
	}
	if (status != c->status)
		snprintf(why, sizeof(why), "exit %d; stderr '%s'", status, err);
	else if (!strstr(err, c->err) || (!c->err[0] && err[0]))
		snprintf(why, sizeof(why), "stderr '%s'", err);
	else if (n != c->maps)
		snprintf(why, sizeof(why), "%zu maps in '%s'", n, out);
	else if (c->maps && strcmp(at(doc, "maps.0.groups.0.paths.0.checker_state"),
				   "faulty"))
		snprintf(why, sizeof(why), "the fake TUR's 'faulty' is not in '%s'", out);
	else if (fake_tur_checks != c->tur || fake_dio_checks != c->dio)
		snprintf(why, sizeof(why), "%d tur and %d directio checks, not"
			 " %d and %d", fake_tur_checks, fake_dio_checks, c->tur,
			 c->dio);
	else
		r = 0;
	json_object_put(doc);
	free(out);
	free(err);
	if (r)
		fail_msg("%s", why);
}

/*
 * json-c's allocating calls, wrapped at link time (JSON_WRAP in
 * tools/Makefile): while armed, each call is counted and call number
 * json_fail_at (1 is the first) fails as json-c fails out of memory.
 */
static int json_armed, json_calls, json_fail_at;

static int json_fails(void)
{
	return json_armed && ++json_calls == json_fail_at;
}

json_object *__real_json_object_new_object(void);
json_object *__real_json_object_new_array(void);
json_object *__real_json_object_new_string(const char *s);
json_object *__real_json_object_new_int(int32_t i);
json_object *__real_json_object_new_int64(int64_t i);
int __real_json_object_object_add(json_object *o, const char *key,
				  json_object *val);
int __real_json_object_array_add(json_object *a, json_object *val);
const char *__real_json_object_to_json_string_ext(json_object *o,
						  int flags);
json_object *__wrap_json_object_new_object(void);
json_object *__wrap_json_object_new_array(void);
json_object *__wrap_json_object_new_string(const char *s);
json_object *__wrap_json_object_new_int(int32_t i);
json_object *__wrap_json_object_new_int64(int64_t i);
int __wrap_json_object_object_add(json_object *o, const char *key,
				  json_object *val);
int __wrap_json_object_array_add(json_object *a, json_object *val);
const char *__wrap_json_object_to_json_string_ext(json_object *o,
						  int flags);

json_object *__wrap_json_object_new_object(void)
{
	return json_fails() ? NULL : __real_json_object_new_object();
}

json_object *__wrap_json_object_new_array(void)
{
	return json_fails() ? NULL : __real_json_object_new_array();
}

json_object *__wrap_json_object_new_string(const char *s)
{
	return json_fails() ? NULL : __real_json_object_new_string(s);
}

json_object *__wrap_json_object_new_int(int32_t i)
{
	return json_fails() ? NULL : __real_json_object_new_int(i);
}

json_object *__wrap_json_object_new_int64(int64_t i)
{
	return json_fails() ? NULL : __real_json_object_new_int64(i);
}

/* json-c keeps @val's ownership with the caller when adding fails. */
int __wrap_json_object_object_add(json_object *o, const char *key,
				  json_object *val)
{
	return json_fails() ? -1 : __real_json_object_object_add(o, key, val);
}

int __wrap_json_object_array_add(json_object *a, json_object *val)
{
	return json_fails() ? -1 : __real_json_object_array_add(a, val);
}

const char *__wrap_json_object_to_json_string_ext(json_object *o, int flags)
{
	return json_fails() ? NULL :
	       __real_json_object_to_json_string_ext(o, flags);
}

struct run {
	int status;
	char *out, *err;
};

/* `mpath2ctl show --json` (both fake maps) with call @fail_at failing. */
static void show_all(int fail_at, struct run *r)
{
	char *argv[] = { "mpath2ctl", "show", "--json", NULL };
	struct cli_ctl ctl = { 0 };
	size_t outlen = 0, errlen = 0;

	r->out = r->err = NULL;
	ctl.out = open_memstream(&r->out, &outlen);
	ctl.err = open_memstream(&r->err, &errlen);
	ctl.sysfs = fake_sysfs;
	json_calls = 0;
	json_fail_at = fail_at;
	json_armed = 1;
	r->status = cli_main(3, argv, &ctl);
	json_armed = 0;
	fclose(ctl.out);
	fclose(ctl.err);
}

/*
 * Each json-c allocation of `show --json` failing in turn: exit 1,
 * "out of memory" and nothing on stdout every time (the sanitizers
 * catch a NULL dereference or a double put; LeakSanitizer, at this
 * group's exit, a leak); none failing, the whole document.
 */
static void json_out_of_memory(void **state)
{
	struct run r;
	int n, calls;
	char why[2048] = "";

	(void)state;
	show_all(0, &r);
	calls = json_calls;
	if (r.status || !strstr(r.out, "\"mpathb\"") || calls < 50)
		snprintf(why, sizeof(why), "no failure: exit %d after %d calls,"
			 " stderr '%s'", r.status, calls, r.err);
	free(r.out);
	free(r.err);
	if (why[0])
		fail_msg("%s", why);
	for (n = 1; n <= calls && !why[0]; n++) {
		show_all(n, &r);
		if (r.status != 1 || strcmp(r.err, "mpath2ctl: out of memory\n") ||
		    r.out[0])
			snprintf(why, sizeof(why), "call %d of %d failing: exit %d,"
				 " stderr '%s', stdout '%.60s'", n, calls,
				 r.status, r.err, r.out);
		free(r.out);
		free(r.err);
	}
	if (why[0])
		fail_msg("%s", why);
}

/*
 * The same for show_json_new() and show_json_add() on the iSCSI tree
 * (every member, the iscsi object included): a failed add leaves the
 * document as it was, still printable.
 */
static void json_add_out_of_memory(void **state)
{
	char root[] = "/tmp/mpath2-showjson.XXXXXX", err[256];
	struct status_map t, i;
	int n, calls = 0, r = 0;
	char why[2048] = "", *out;
	size_t size;
	json_object *doc;
	FILE *f;

	(void)state;
	CHECK(!make_tree(root) && !parse(&t, &i), "setup");
	for (n = 0; n <= calls && !why[0]; n++) {
		json_calls = 0;
		json_fail_at = n;
		json_armed = 1;
		doc = show_json_new();
		r = doc ? show_json_add(doc, &lun0, &t, &i, root, err,
					sizeof(err)) : 0;
		out = NULL;
		size = 0;
		f = open_memstream(&out, &size);
		if (doc && show_json_print(f, doc))
			r = 1;
		json_armed = 0;
		fclose(f);
		if (!n)
			calls = json_calls;
		if (!n ? r || !doc || !strstr(out, "127.0.0.2:3260") :
		    doc && !r)
			snprintf(why, sizeof(why), "call %d of %d failing: doc %p,"
				 " add %d, '%.80s'", n, calls, (void *)doc, r,
				 out);
		else if (r == SHOW_JSON_NOMEM &&
			 (strcmp(err, "out of memory") ||
			  !strstr(out, "\"maps\"") || strstr(out, "lun0")))
			snprintf(why, sizeof(why), "call %d: '%s', '%.80s'", n,
				 err, out);
		free(out);
	}
	status_free(&t);
	status_free(&i);
	fakefs_remove(root);
	if (why[0])
		fail_msg("%s", why);
}

void showjson_tests(void)
{
	char name[128];
	size_t i;

	unit_case("tools/show/pathinfo_iscsi", facts, NULL);
	unit_case("tools/show/tree_iscsi_iface_portal", text_iscsi, NULL);
	unit_case("tools/show/json/document", json_doc, NULL);
	unit_case("tools/show/json/unknowns_are_null", json_unknowns, NULL);
	unit_case("tools/show/json/out_of_memory", json_out_of_memory, NULL);
	unit_case("tools/show/json/add_out_of_memory", json_add_out_of_memory,
		  NULL);
	for (i = 0; i < ARRAY_SIZE(cmd_cases); i++) {
		snprintf(name, sizeof(name), "tools/show/json/cmd_%s",
			 cmd_cases[i].name);
		unit_case(name, cmd_case, &cmd_cases[i]);
	}
}
