// SPDX-License-Identifier: GPL-2.0-only
/*
 * daemon/prkey.c against tests/fake_pr_io.c's LUN (each device node its
 * own I_T nexus): the key from mpath2.conf's reservation_key or the
 * prkeys file, registered on a path that comes back only while the key
 * is still registered on the LUN; a fenced host's path stays out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/config.h"
#include "daemon/monitor.h"
#include "daemon/prkey.h"
#include "fake_pr_io.h"
#include "lib/common.h"
#include "unit.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"3600a0b80001234"

static struct mpath2_conf *conf_of(const char *text)
{
	return config_parse("t.conf", text, strlen(text), NULL);
}

static void keys_from_config(void **state)
{
	static const char text[] =
		"defaults {\n\treservation_key 0x1a2b\n}\n"
		"multipaths {\n\tmultipath {\n\t\twwid " WWID_B "\n"
		"\t\treservation_key file\n\t}\n}\n";
	char file[] = "/tmp/mpath2-prkeys.XXXXXX";
	struct mpath2_conf *conf = conf_of(text);
	FILE *f;
	int fd;

	(void)state;
	CHECK(conf, "config refused");
	CHECK(prkey_for(conf, WWID_A, NULL, NULL) == 0x1a2b,
	      "defaults' key not used");
	CHECK(prkey_for(NULL, WWID_A, NULL, NULL) == 0 &&
	      prkey_for(conf, "", NULL, NULL) == 0,
	      "a key without config or WWID");
	/* "file": the prkeys file's line for the WWID, none without one. */
	fd = mkstemp(file);
	CHECK(fd >= 0 && (f = fdopen(fd, "w")), "no temporary file");
	fprintf(f, "# multipath-tools' format\n0x42 " WWID_A "\n"
		"0xb0b " WWID_B "\n");
	fclose(f);
	prkey_file = file;
	CHECK(prkey_for(conf, WWID_B, NULL, NULL) == 0xb0b, "file key 0x%llx",
	      (unsigned long long)prkey_for(conf, WWID_B, NULL, NULL));
	prkey_file = "/nonexistent/prkeys";
	CHECK(prkey_for(conf, WWID_B, NULL, NULL) == 0, "a key from no file");
	prkey_file = PRKEY_FILE;
	unlink(file);
	config_free(conf);
}

static void bad_key_warns(void **state)
{
	static const char text[] = "defaults {\n\treservation_key 0xzz\n}\n";
	char *err = NULL;
	size_t len = 0;
	FILE *e = open_memstream(&err, &len);
	struct mpath2_conf *conf;

	(void)state;
	conf = config_parse("t.conf", text, strlen(text), e);
	fclose(e);
	CHECK(conf && strstr(err, "t.conf:2:") &&
	      strstr(err, "not a reservation key"), "err: %s", err);
	CHECK(prkey_for(conf, WWID_A, NULL, NULL) == 0, "a bad key kept");
	config_free(conf);
	free(err);
}

static const char *const others[] = { "/dev/sdb", "/dev/sdi" };

static void join_while_registered(void **state)
{
	char why[ERRLEN] = "";
	int sent = 0;

	(void)state;
	fake_pr.nexus[0].key = 0xa;	/* registered through sdb */
	CHECK(!prkey_join(0xa, "/dev/sdc", others, 2, 5000, &sent, why,
			  sizeof(why)) && sent, "refused: %s", why);
	CHECK(fake_pr.nexus[1].key == 0xa, "sdc not registered");
	CHECK(!fake_pr_nexus("/dev/sdi")->calls, "asked sdi after sdb answered");
	CHECK(fake_pr.last_timeout_ms == 5000, "timeout %u",
	      fake_pr.last_timeout_ms);
}

static void fenced_stays_out(void **state)
{
	char why[ERRLEN] = "";
	int sent = 0;

	(void)state;
	/* Another host preempted 0xa: only its 0xb is left. */
	fake_pr.nexus[2].key = 0xb;
	CHECK(prkey_join(0xa, "/dev/sdc", others, 2, 5000, &sent, why,
			 sizeof(why)) && !sent && strstr(why, "preempted"),
	      "joined: %s", why);
	CHECK(!fake_pr.nexus[1].key && !fake_pr_nexus("/dev/sdc")->calls,
	      "something sent to the path");
}

static void others_down_path_asked(void **state)
{
	char why[ERRLEN] = "";
	int sent = 0;

	(void)state;
	fake_pr_nexus("/dev/sdb")->force = PR_NO_ANSWER;
	fake_pr_nexus("/dev/sdi")->force = PR_NOT_SENT;
	/* The path's own registration survived the outage. */
	fake_pr.nexus[1].key = 0xa;
	fake_pr_nexus("/dev/sdc")->ua = 1;
	CHECK(!prkey_join(0xa, "/dev/sdc", others, 2, 60000, &sent, why,
			  sizeof(why)) && sent, "refused: %s", why);
	CHECK(fake_pr.last_timeout_ms == 10000, "timeout %u not capped",
	      fake_pr.last_timeout_ms);
	/* Nobody answers: not known, so not reinstated. */
	fake_pr_nexus("/dev/sdc")->force = PR_NO_ANSWER;
	CHECK(prkey_join(0xa, "/dev/sdc", others, 2, 5000, &sent, why,
			 sizeof(why)) && strstr(why, "did not say"),
	      "joined: %s", why);
	/* No key: nothing asked. */
	CHECK(!prkey_join(0, "/dev/sdc", others, 2, 5000, &sent, why,
			  sizeof(why)) && !sent, "key 0 refused");
}

static void two_others_at_most(void **state)
{
	static const char *const three[] = { "/dev/sdb", "/dev/sdi",
					     "/dev/sdc" };
	char why[ERRLEN] = "";
	int sent = 0;

	(void)state;
	fake_pr.nexus[3].devnode = "/dev/sdx";
	fake_pr.nexus[3].key = 0xa;
	fake_pr.nexus[1].key = 0xa;
	fake_pr_nexus("/dev/sdb")->force = PR_NO_ANSWER;
	fake_pr_nexus("/dev/sdi")->force = PR_NO_ANSWER;
	/* Two without answer: the path itself next, not a third. */
	CHECK(!prkey_join(0xa, "/dev/sdx", three, 3, 5000, &sent, why,
			  sizeof(why)) && sent, "refused: %s", why);
	CHECK(!fake_pr_nexus("/dev/sdc")->calls, "a third path asked");
}

static void register_refused(void **state)
{
	char why[ERRLEN] = "";
	int sent = 0;

	(void)state;
	fake_pr.nexus[0].key = 0xa;
	fake_pr_nexus("/dev/sdc")->ua = 3;	/* the REGISTER meets UAs */
	CHECK(prkey_join(0xa, "/dev/sdc", others, 2, 5000, &sent, why,
			 sizeof(why)) && sent && strstr(why, "UNIT ATTENTION"),
	      "joined: %s", why);
}

/* The monitor's paths: map m over sdb (active), sdc (failed), sdi (active). */
static void before_reinstate(void **state)
{
	static const char text[] = "defaults {\n\treservation_key 0xa\n}\n";
	struct monitor_path paths[3] = {
		{ .map = "m", .major = 8, .minor = 16, .dev = "sdb",
		  .wwid = WWID_A, .kstate = 'F' },
		{ .map = "m", .major = 8, .minor = 32, .dev = "sdc",
		  .wwid = WWID_A, .kstate = 'F' },
		{ .map = "m", .major = 8, .minor = 128, .dev = "sdi",
		  .wwid = WWID_A, .kstate = 'A' },
	};
	struct monitor m;
	char why[ERRLEN] = "", *log = NULL;
	size_t len = 0;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.conf = conf_of(text);
	m.paths = paths;
	m.nr = 3;
	m.timeout_s = 5;
	m.log = open_memstream(&log, &len);
	CHECK(m.conf && m.log, "setup");
	fake_pr.nexus[2].key = 0xa;
	CHECK(!prkey_before_reinstate(&m, &paths[1], why, sizeof(why)),
	      "refused: %s", why);
	CHECK(fake_pr.nexus[1].key == 0xa, "sdc not registered");
	/* sdb is failed in the kernel: only sdi is asked for the keys. */
	CHECK(!fake_pr_nexus("/dev/sdb")->calls, "a failed path asked");
	/* Fenced: sdi's registration gone, sdb stays out. */
	fake_pr.nexus[1].key = fake_pr.nexus[2].key = 0;
	CHECK(prkey_before_reinstate(&m, &paths[0], why, sizeof(why)) &&
	      strstr(why, "0xa is no longer registered"), "joined: %s", why);
	/* Another map, or no key: nothing sent. */
	config_free((struct mpath2_conf *)m.conf);
	m.conf = NULL;
	CHECK(!prkey_before_reinstate(&m, &paths[0], why, sizeof(why)) &&
	      !fake_pr.nexus[0].key, "no config, yet a key");
	fclose(m.log);
	CHECK(strstr(log, "m: path sdc registered with reservation key 0xa"),
	      "log: %s", log);
	free(log);
}

void prkey_tests(void)
{
	unit_case("tools/prkey/keys_from_config", keys_from_config, NULL);
	unit_case("tools/prkey/bad_key_warns", bad_key_warns, NULL);
	unit_case("tools/prkey/join_while_registered", join_while_registered,
		  NULL);
	unit_case("tools/prkey/fenced_stays_out", fenced_stays_out, NULL);
	unit_case("tools/prkey/others_down_path_asked", others_down_path_asked,
		  NULL);
	unit_case("tools/prkey/two_others_at_most", two_others_at_most, NULL);
	unit_case("tools/prkey/register_refused", register_refused, NULL);
	unit_case("tools/prkey/before_reinstate", before_reinstate, NULL);
}
