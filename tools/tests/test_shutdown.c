// SPDX-License-Identifier: GPL-2.0-only
/*
 * daemon/shutdown.c: as the daemon stops, fail_if_no_path goes to every
 * map with no active path, never to a map with one, and to none with
 * queue_without_daemon yes. A pretend kernel of up to four maps, each
 * with its INFO string (or none: the map cannot be read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "daemon/shutdown.h"
#include "lib/mpdm.h"
#include "unit.h"

/* INFO strings: two groups of one path each. */
#define BOTH_UP		"2 1 0 0 2 1 A 0 1 0 8:16 A 0 E 0 1 0 8:32 A 0 "
#define ONE_UP		"2 1 0 0 2 2 E 0 1 0 8:16 F 1 A 0 1 0 8:32 A 0 "
#define NONE_UP		"2 1 0 0 2 1 E 0 1 0 8:16 F 1 E 0 1 0 8:32 F 1 "
#define NO_PATHS	"2 1 0 0 0 0 "

struct fake_map {
	const char *name;
	const char *info;	/* NULL: get_map fails */
	int message_fails;
};

static struct fake_map maps[4];
static size_t nr_maps;
static int list_fails;
static char sent[512];

static int list(char ***names, size_t *count, char *err, size_t errlen)
{
	size_t i;

	if (list_fails) {
		snprintf(err, errlen, "no dm");
		return MPDM_ERR;
	}
	*names = calloc(nr_maps + 1, sizeof(**names));
	for (i = 0; i < nr_maps; i++)
		(*names)[i] = strdup(maps[i].name);
	*count = nr_maps;
	return 0;
}

static struct fake_map *find(const char *name)
{
	size_t i;

	for (i = 0; i < nr_maps; i++)
		if (!strcmp(maps[i].name, name))
			return &maps[i];
	return NULL;
}

static int get_map(const char *name, int with_status, struct mpdm_map *map,
		   char *err, size_t errlen)
{
	struct fake_map *f = find(name);

	memset(map, 0, sizeof(*map));
	if (!f || !f->info || !with_status) {
		snprintf(err, errlen, "no such map");
		return MPDM_ERR;
	}
	snprintf(map->name, sizeof(map->name), "%s", name);
	map->table = strdup("1 queue_if_no_path 0 0 0 ");
	map->status = strdup(f->info);
	return 0;
}

static int message(const char *name, const char *msg, char *err,
		   size_t errlen)
{
	struct fake_map *f = find(name);

	if (f && f->message_fails) {
		snprintf(err, errlen, "ioctl refused");
		return MPDM_ERR;
	}
	snprintf(sent + strlen(sent), sizeof(sent) - strlen(sent), "%s:%s\n",
		 name, msg);
	return 0;
}

static const struct monitor_dm dm = {
	.list = list, .get_map = get_map, .message = message,
};

static void set(size_t i, const char *name, const char *info, int fails)
{
	maps[i] = (struct fake_map){ name, info, fails };
	if (nr_maps < i + 1)
		nr_maps = i + 1;
}

static void reset(void)
{
	memset(maps, 0, sizeof(maps));
	nr_maps = 0;
	list_fails = 0;
	sent[0] = '\0';
}

/* Run shutdown_unqueue() with config @text (NULL: no config). */
static int run(const char *text, struct shutdown_counts *c, char **log)
{
	struct mpath2_conf *conf = NULL;
	struct monitor m;
	size_t len = 0;
	int r;

	if (text) {
		conf = config_parse("t.conf", text, strlen(text), NULL);
		CHECK(conf, "config did not parse: %s", text);
	}
	memset(&m, 0, sizeof(m));
	m.dm = &dm;
	m.log = open_memstream(log, &len);
	r = shutdown_unqueue(&m, conf, c);
	fclose(m.log);
	config_free(conf);
	return r;
}

static void only_pathless_maps(void **state)
{
	struct shutdown_counts c;
	char *log = NULL;

	(void)state;
	reset();
	set(0, "root", BOTH_UP, 0);
	set(1, "data", NONE_UP, 0);
	set(2, "half", ONE_UP, 0);
	set(3, "empty", NO_PATHS, 0);
	CHECK(run(NULL, &c, &log) == 0, "errors: %s", log);
	CHECK(!strcmp(sent, "data:fail_if_no_path\nempty:fail_if_no_path\n"),
	      "sent: '%s'", sent);
	CHECK(c.unqueued == 2 && c.kept == 2 && c.errors == 0,
	      "counts %u %u %u", c.unqueued, c.kept, c.errors);
	CHECK(strstr(log, "data: stopping with no usable path") &&
	      !strstr(log, "root:"), "log: %s", log);
	free(log);
}

static void queue_without_daemon(void **state)
{
	struct shutdown_counts c;
	char *log = NULL;

	(void)state;
	reset();
	set(0, "data", NONE_UP, 0);
	CHECK(run("defaults {\n\tqueue_without_daemon yes\n}\n", &c, &log) == 0,
	      "yes: %s", log);
	CHECK(!sent[0] && c.unqueued == 0, "yes sent '%s'", sent);
	CHECK(strstr(log, "queue_without_daemon yes"), "log: %s", log);
	free(log);
	/* "no" said outright is the default's behaviour. */
	CHECK(run("defaults {\n\tqueue_without_daemon no\n}\n", &c, &log) == 0,
	      "no: %s", log);
	CHECK(!strcmp(sent, "data:fail_if_no_path\n"), "no sent '%s'", sent);
	free(log);
}

static void errors_counted(void **state)
{
	struct shutdown_counts c;
	char *log = NULL;

	(void)state;
	reset();
	set(0, "gone", NULL, 0);
	set(1, "stuck", NONE_UP, 1);
	set(2, "data", NONE_UP, 0);
	CHECK(run(NULL, &c, &log) == 2, "return: %s", log);
	/* One map that cannot be told does not stop the others. */
	CHECK(!strcmp(sent, "data:fail_if_no_path\n") && c.unqueued == 1 &&
	      c.errors == 2, "sent '%s' %u %u", sent, c.unqueued, c.errors);
	CHECK(strstr(log, "gone: stopping: cannot read the map") &&
	      strstr(log, "stuck: stopping: fail_if_no_path failed"),
	      "log: %s", log);
	free(log);
	reset();
	list_fails = 1;
	CHECK(run(NULL, &c, &log) == -1 && !sent[0], "list fails");
	free(log);
}

static void bad_value_keeps_default(void **state)
{
	struct mpath2_conf *conf;
	FILE *err;
	char *msg = NULL;
	size_t len = 0;
	const char *text = "defaults {\n\tqueue_without_daemon maybe\n}\n"
			   "devices {\n\tdevice {\n\t\tvendor X\n\t\tproduct Y\n"
			   "\t\tqueue_without_daemon yes\n\t}\n}\n";

	(void)state;
	err = open_memstream(&msg, &len);
	conf = config_parse("t.conf", text, strlen(text), err);
	fclose(err);
	CHECK(conf && !config_defaults(conf)->queue_without_daemon,
	      "bad value changed the default");
	CHECK(strstr(msg, "t.conf:2:") && strstr(msg, "queue_without_daemon"),
	      "no warning for line 2: %s", msg);
	CHECK(strstr(msg, "t.conf:8:"), "no warning for the device section: %s",
	      msg);
	config_free(conf);
	free(msg);
}

void shutdown_tests(void)
{
	unit_case("tools/shutdown/only_pathless_maps", only_pathless_maps, NULL);
	unit_case("tools/shutdown/queue_without_daemon", queue_without_daemon,
		  NULL);
	unit_case("tools/shutdown/errors_counted", errors_counted, NULL);
	unit_case("tools/shutdown/bad_value_keeps_default",
		  bad_value_keeps_default, NULL);
}
