// SPDX-License-Identifier: GPL-2.0-only
/*
 * table/metrics.c: path_stats lines into numbers, counter deltas across
 * a wrap and a reset, rates, the Prometheus text and the state that
 * keeps exported counters monotonic; and through cli_main() against
 * fake_mpdm.c: `stats --prometheus` (to stdout, --output, --state) and
 * `top` in its plain-lines mode (stdout not a terminal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fake_mpdm.h"
#include "fakefs.h"
#include "table/metrics.h"
#include "table/path_stats.h"
#include "unit.h"

/* A line as kmod/stats.c writes it, with the alua handler's words. */
#define LINE16 "8:16 group=1 state=active fail_count=3 errors=7 ios=48211"	\
	" in_flight=2 latency_us=412.507 alua=active/optimized prio=50 tpg=1" \
	" alua_mode=mpath2\n"
#define LINE32 "8:32 group=2 state=held fail_count=4294967295"		\
	" errors=18446744073709551615 ios=0 in_flight=0 latency_us=0.000\n"

static void parse_lines(void **state)
{
	struct metrics_path *p;
	size_t nr;

	(void)state;
	CHECK(!metrics_parse(LINE16 LINE32, &p, &nr), "out of memory");
	CHECK(nr == 2, "%zu paths, not 2", nr);
	CHECK(p[0].major == 8 && p[0].minor == 16 && p[0].group == 1 &&
	      !strcmp(p[0].state, "active") && p[0].fail_count == 3 &&
	      p[0].errors == 7 && p[0].ios == 48211 && p[0].in_flight == 2 &&
	      p[0].latency_ns == 412507 && p[0].prio == 50,
	      "8:16 read wrong: group %u state %s fails %llu ios %llu lat %llu"
	      " prio %d", p[0].group, p[0].state,
	      (unsigned long long)p[0].fail_count,
	      (unsigned long long)p[0].ios,
	      (unsigned long long)p[0].latency_ns, p[0].prio);
	CHECK(p[0].out_ios == p[0].ios && p[0].out_fail == 3 &&
	      p[0].out_errors == 7, "out_* do not start as the raw counters");
	/* The widest values the kernel can print. */
	CHECK(p[1].fail_count == 4294967295ULL &&
	      p[1].errors == 18446744073709551615ULL && p[1].prio == PATH_STATS_NONE &&
	      !strcmp(p[1].state, "held"), "8:32 read wrong");
	free(p);
}

struct bad_case {
	const char *name, *answer;
	size_t nr;		/* lines kept */
};

/* A line with a malformed known word is dropped whole, never half-read. */
static const struct bad_case bad_cases[] = {
	{ "no_devnum", "sdb group=1 ios=5\n8:16 ios=1\n", 1 },
	{ "ios_negative", "8:16 ios=-1\n", 0 },
	{ "ios_overflow", "8:16 ios=18446744073709551616\n", 0 },
	{ "ios_empty", "8:16 ios=\n", 0 },
	{ "latency_four_decimals", "8:16 latency_us=1.2345\n", 0 },
	{ "latency_no_decimals_after_dot", "8:16 latency_us=1.\n", 0 },
	{ "state_upper", "8:16 state=Active\n", 0 },
	{ "group_zero_ok_word_unknown", "8:16 group=0 color=blue\n", 1 },
	{ "group_too_big", "8:16 group=1025\n", 0 },
	{ "empty_lines", "\n\n8:16\n\n", 1 },
	{ "null", NULL, 0 },
};

static void bad_case(void **state)
{
	const struct bad_case *c = *state;
	struct metrics_path *p;
	size_t nr;

	CHECK(!metrics_parse(c->answer, &p, &nr), "out of memory");
	free(p);
	CHECK(nr == c->nr, "%zu lines kept, not %zu", nr, c->nr);
}

static void latency_digits(void **state)
{
	struct metrics_path *p;
	size_t nr;

	(void)state;
	CHECK(!metrics_parse("8:16 latency_us=5\n8:32 latency_us=5.1\n"
			     "8:48 latency_us=5.12\n", &p, &nr) && nr == 3,
	      "not parsed");
	CHECK(p[0].latency_ns == 5000 && p[1].latency_ns == 5100 &&
	      p[2].latency_ns == 5120, "%llu %llu %llu ns",
	      (unsigned long long)p[0].latency_ns,
	      (unsigned long long)p[1].latency_ns,
	      (unsigned long long)p[2].latency_ns);
	free(p);
}

struct delta_case {
	const char *name;
	uint64_t prev, cur;
	unsigned int bits;
	uint64_t want;
};

static const struct delta_case delta_cases[] = {
	{ "up", 100, 350, 64, 250 },
	{ "same", 7, 7, 64, 0 },
	/* A 32-bit fail_count going round: 2^32 - 2 -> 3 is 5 failures. */
	{ "wrap32", 4294967294ULL, 3, 32, 5 },
	{ "wrap64", UINT64_MAX - 9, 10, 64, 20 },
	{ "wrap64_at_max", UINT64_MAX, 0, 64, 1 },
	/* A reload: new paths count from 0; all since then is new. */
	{ "reset", 48211, 12, 64, 12 },
	{ "reset_to_zero", 48211, 0, 64, 0 },
	/* Down from the middle of the range is a reset, not a wrap. */
	{ "reset_not_wrap32", 2000000000ULL, 5, 32, 5 },
	/* A 32-bit value bigger than its width cannot have wrapped. */
	{ "reset_out_of_range32", 1ULL << 40, 5, 32, 5 },
	/* Near the top but landing high: a reset, too. */
	{ "reset_landing_high", UINT64_MAX - 5, UINT64_MAX / 2, 64,
	  UINT64_MAX / 2 },
};

static void delta_case(void **state)
{
	const struct delta_case *c = *state;
	uint64_t got = metrics_counter_delta(c->prev, c->cur, c->bits);

	CHECK(got == c->want, "delta %llu, not %llu", (unsigned long long)got,
	      (unsigned long long)c->want);
}

static void rates(void **state)
{
	struct metrics_path a = { 0 }, b = { 0 };
	struct metrics_rate r;

	(void)state;
	a.ios = 1000;
	b.ios = 3000;
	a.errors = 1;
	b.errors = 5;
	a.has_sectors = b.has_sectors = 1;
	a.rd_sectors = 100;
	b.rd_sectors = 100 + 2048 * 4;	/* 4 MiB read */
	a.wr_sectors = 0;
	b.wr_sectors = 2048;		/* 1 MiB written */
	metrics_rate(&a, &b, 2.0, &r);
	CHECK(r.iops == 1000.0, "iops %f, not 1000", r.iops);
	CHECK(r.errps == 2.0, "errors/s %f, not 2", r.errps);
	/* 5 MiB in 2 s = 2.62144 MB/s. */
	CHECK(r.mbps > 2.6214 && r.mbps < 2.6215, "MB/s %f, not 2.62144",
	      r.mbps);
	b.has_sectors = 0;
	metrics_rate(&a, &b, 2.0, &r);
	CHECK(r.mbps < 0, "MB/s %f without sector counters", r.mbps);
	/* A reload between samples: only what came since counts. */
	a.ios = 1000000;
	b.ios = 500;
	metrics_rate(&a, &b, 0.5, &r);
	CHECK(r.iops == 1000.0, "iops %f after a reset, not 1000", r.iops);
	metrics_rate(&a, &b, 0, &r);
	CHECK(r.iops == 0, "a rate over no time");
}

static void blkstat(void **state)
{
	uint64_t rd, wr;

	(void)state;
	CHECK(!metrics_parse_blkstat("    4712        3   391002     2050   "
				     "  876        0    70080     1234        0"
				     "     3000     3284\n", &rd, &wr) &&
	      rd == 391002 && wr == 70080, "fields 3 and 7 not read");
	CHECK(metrics_parse_blkstat("1 2 3\n", &rd, &wr), "a short line read");
	CHECK(metrics_parse_blkstat("1 2 x 4 5 6 7\n", &rd, &wr),
	      "a bad number read");
}

/* Two maps, one path with an ALUA priority, a name to escape. */
static struct metrics_map *two_maps(size_t *nr)
{
	struct metrics_map *m = calloc(2, sizeof(*m));

	*nr = 2;
	snprintf(m[0].name, sizeof(m[0].name), "mpatha");
	snprintf(m[0].dev, sizeof(m[0].dev), "dm-3");
	snprintf(m[0].wwid, sizeof(m[0].wwid), "36001405abc");
	CHECK(!metrics_parse(LINE16 "8:32 group=2 state=failed fail_count=1"
			     " errors=2 ios=10 in_flight=0 latency_us=0.000\n",
			     &m[0].paths, &m[0].nr_paths), "out of memory");
	snprintf(m[0].paths[0].dev, sizeof(m[0].paths[0].dev), "sdb");
	snprintf(m[0].paths[1].dev, sizeof(m[0].paths[1].dev), "sdc");
	snprintf(m[1].name, sizeof(m[1].name), "odd\"na\\me");
	snprintf(m[1].dev, sizeof(m[1].dev), "dm-4");
	m[1].queueing = 1;
	CHECK(!metrics_parse("8:48 group=1 state=standby ios=1\n",
			     &m[1].paths, &m[1].nr_paths), "out of memory");
	return m;
}

static char *prom_text(const struct metrics_map *m, size_t nr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(f, "open_memstream failed");
	metrics_prom_print(f, m, nr);
	fclose(f);
	return buf;
}

static const char *const prom_lines[] = {
	"# HELP mpath2_path_ios_total Bios mpath2 sent down the path.\n",
	"# TYPE mpath2_path_ios_total counter\n",
	"mpath2_path_ios_total{map=\"mpatha\",path=\"8:16\",dev=\"sdb\"} 48211\n",
	"mpath2_path_errors_total{map=\"mpatha\",path=\"8:32\",dev=\"sdc\"} 2\n",
	"mpath2_path_failures_total{map=\"mpatha\",path=\"8:16\",dev=\"sdb\"} 3\n",
	"# TYPE mpath2_path_state gauge\n",
	"mpath2_path_state{map=\"mpatha\",path=\"8:16\",dev=\"sdb\",state=\"active\"} 1\n",
	"mpath2_path_state{map=\"mpatha\",path=\"8:16\",dev=\"sdb\",state=\"failed\"} 0\n",
	"mpath2_path_state{map=\"mpatha\",path=\"8:32\",dev=\"sdc\",state=\"failed\"} 1\n",
	"mpath2_path_state{map=\"mpatha\",path=\"8:32\",dev=\"sdc\",state=\"held\"} 0\n",
	/* A state this version does not know is shown, not lost. */
	"mpath2_path_state{map=\"odd\\\"na\\\\me\",path=\"8:48\",dev=\"\",state=\"standby\"} 1\n",
	"mpath2_map_usable_paths{map=\"mpatha\"} 1\n",
	"mpath2_map_usable_paths{map=\"odd\\\"na\\\\me\"} 0\n",
	"mpath2_map_paths{map=\"mpatha\"} 2\n",
	"mpath2_map_queueing{map=\"odd\\\"na\\\\me\"} 1\n",
	"mpath2_map_info{map=\"mpatha\",dev=\"dm-3\",wwid=\"36001405abc\"} 1\n",
	"mpath2_path_latency_seconds{map=\"mpatha\",path=\"8:16\",dev=\"sdb\"} 0.000412507\n",
	"mpath2_path_in_flight{map=\"mpatha\",path=\"8:16\",dev=\"sdb\"} 2\n",
	"mpath2_path_alua_priority{map=\"mpatha\",path=\"8:16\",dev=\"sdb\"} 50\n",
};

static void prom_output(void **state)
{
	struct metrics_map *m;
	char *text, *s, *line;
	size_t nr, i, n;

	(void)state;
	m = two_maps(&nr);
	text = prom_text(m, nr);
	for (i = 0; i < ARRAY_SIZE(prom_lines); i++)
		CHECK(strstr(text, prom_lines[i]), "no line %s in:\n%s",
		      prom_lines[i], text);
	/* Only paths with a priority have one. */
	CHECK(!strstr(text, "mpath2_path_alua_priority{map=\"mpatha\","
		      "path=\"8:32\""), "a priority for a path without one");
	/* Each family once, its HELP right before its TYPE, then samples. */
	for (s = text, n = 0; (line = strstr(s, "# TYPE ")); s = line + 1, n++)
		;
	CHECK(n == 11, "%zu families, not 11", n);
	for (s = text; *s; s = strchr(s, '\n') + 1) {
		if (!strncmp(s, "# HELP ", 7)) {
			line = strchr(s, '\n') + 1;
			CHECK(!strncmp(line, "# TYPE ", 7) &&
			      !strncmp(line + 7, s + 7, strcspn(s + 7, " ")),
			      "HELP without its TYPE at %.60s", s);
		}
	}
	free(text);
	metrics_free_maps(m, nr);
}

/*
 * The state file keeps exported counters going up across a reload and
 * across a 32-bit fail_count wrap; a path not seen before starts at the
 * kernel's value; a path gone is dropped from the state.
 */
static void state_monotonic(void **state)
{
	static char saved[] = "mpatha 8:16 48000 50000 7 7 4294967290 100\n"
			      "garbage line\nmpatha 8:99 1 1 1 1 1 1\n";
	struct metrics_state st = { NULL, 0 };
	struct metrics_map *m;
	char *buf = NULL;
	size_t nr, len = 0;
	FILE *f;

	(void)state;
	f = fmemopen(saved, strlen(saved), "r");
	CHECK(f && !metrics_state_read(f, &st), "state not read");
	fclose(f);
	CHECK(st.nr == 2, "%zu entries, not 2", st.nr);

	m = two_maps(&nr);
	/* 8:16: ios went 48000 -> 48211 (+211), fail_count wrapped (+9). */
	m[0].paths[0].fail_count = 3;
	CHECK(!metrics_state_apply(&st, m, nr), "out of memory");
	CHECK(m[0].paths[0].out_ios == 50211, "ios %llu, not 50211",
	      (unsigned long long)m[0].paths[0].out_ios);
	CHECK(m[0].paths[0].out_fail == 109, "fails %llu, not 109",
	      (unsigned long long)m[0].paths[0].out_fail);
	CHECK(m[0].paths[1].out_ios == 10, "a new path's ios %llu, not 10",
	      (unsigned long long)m[0].paths[1].out_ios);
	CHECK(st.nr == 3, "%zu entries after, not 3 (8:99 is gone)", st.nr);

	/* A reload: the kernel's counters back to small numbers. */
	m[0].paths[0].ios = 5;
	m[0].paths[0].fail_count = 0;
	CHECK(!metrics_state_apply(&st, m, nr), "out of memory");
	CHECK(m[0].paths[0].out_ios == 50216 && m[0].paths[0].out_fail == 109,
	      "after a reset: ios %llu fails %llu, not 50216 109",
	      (unsigned long long)m[0].paths[0].out_ios,
	      (unsigned long long)m[0].paths[0].out_fail);

	/* Written and read back, the same. */
	f = open_memstream(&buf, &len);
	metrics_state_write(f, &st);
	fclose(f);
	CHECK(strstr(buf, "mpatha 8:16 5 50216 7 7 0 109\n"), "state file: %s",
	      buf);
	metrics_state_free(&st);
	f = fmemopen(buf, len, "r");
	CHECK(f && !metrics_state_read(f, &st) && st.nr == 3,
	      "state file not read back");
	fclose(f);
	free(buf);
	metrics_state_free(&st);
	metrics_free_maps(m, nr);
}

/* Run mpath2ctl's command line; stdout and stderr into *out, *err. */
static int run(char **argv, int argc, char **out, char **err)
{
	struct cli_ctl ctl = { 0 };
	size_t olen, elen;
	int status;

	ctl.out = open_memstream(out, &olen);
	ctl.err = open_memstream(err, &elen);
	ctl.sysfs = fake_sysfs;
	CHECK(ctl.out && ctl.err, "open_memstream failed");
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	return status;
}

static void cli_prometheus(void **state)
{
	char *argv[] = { "mpath2ctl", "stats", "--prometheus" };
	char *out, *err;

	(void)state;
	CHECK(!run(argv, 3, &out, &err), "exit status not 0: %s", err);
	CHECK(strstr(out, "mpath2_path_ios_total{map=\"mpatha\",path=\"8:32\","
		     "dev=\"sdc\"} 99\n") &&
	      strstr(out, "mpath2_path_state{map=\"mpathb\",path=\"8:16\","
		     "dev=\"sdb\",state=\"failed\"} 1\n") &&
	      strstr(out, "mpath2_map_usable_paths{map=\"mpatha\"} 1\n"),
	      "not every map's paths: %s", out);
	/* One listing, then per map its status and one path_stats. */
	CHECK(fake_dm_calls == 5, "%d libdevmapper calls, not 5",
	      fake_dm_calls);
	free(out);
	free(err);
}

static void cli_prometheus_files(void **state)
{
	char dir[] = "/tmp/mpath2ctl-prom.XXXXXX", prom[64], st[64];
	char *argv[] = { "mpath2ctl", "stats", "--prometheus", "mpatha",
			 "--output", prom, "--state", st };
	char *out, *err, line[256];
	int found = 0;
	FILE *f;

	(void)state;
	CHECK(mkdtemp(dir), "mkdtemp failed");
	snprintf(prom, sizeof(prom), "%s/mpath2.prom", dir);
	snprintf(st, sizeof(st), "%s/state", dir);
	CHECK(!run(argv, 8, &out, &err), "exit status not 0: %s", err);
	CHECK(!out[0], "--output printed: %s", out);
	free(out);
	free(err);
	/* Twice: the state from the first run is read by the second. */
	CHECK(!run(argv, 8, &out, &err), "exit status not 0: %s", err);
	free(out);
	free(err);
	f = fopen(prom, "r");
	CHECK(f, "no %s", prom);
	while (fgets(line, sizeof(line), f))
		found |= !strcmp(line, "mpath2_path_ios_total{map=\"mpatha\","
				 "path=\"8:32\",dev=\"sdc\"} 99\n");
	fclose(f);
	CHECK(found, "%s lacks 8:32's ios", prom);
	f = fopen(st, "r");
	CHECK(f && fgets(line, sizeof(line), f) &&
	      !strcmp(line, "mpatha 8:16 10 10 2 2 1 1\n"), "state: %s", line);
	fclose(f);
	/* Nothing left behind but the two files. */
	CHECK(access(prom, F_OK) == 0 && access(st, F_OK) == 0, "files gone");
	unlink(prom);
	unlink(st);
	CHECK(!rmdir(dir), "a temporary file left in %s", dir);
}

struct usage_case {
	const char *name;
	char *argv[8];
	int argc;
	const char *err;
};

static const struct usage_case usage_cases[] = {
	{ "state_without_prometheus", { "mpath2ctl", "stats", "mpatha",
	  "--state", "/tmp/x" }, 5, "go with --prometheus" },
	{ "output_without_file", { "mpath2ctl", "stats", "--prometheus",
	  "--output" }, 4, "--output needs a file" },
	{ "unknown_option", { "mpath2ctl", "stats", "--prometheus", "--json" },
	  4, "unknown option '--json'" },
	{ "two_names", { "mpath2ctl", "stats", "--prometheus", "a", "b" }, 5,
	  "usage: mpath2ctl stats" },
	{ "no_such_map", { "mpath2ctl", "stats", "--prometheus", "nomap" }, 4,
	  "nomap: no such map" },
	{ "output_dir_missing", { "mpath2ctl", "stats", "--prometheus",
	  "--output", "/nonexistent/dir/m.prom" }, 5, "--output" },
	{ "top_interval_small", { "mpath2ctl", "top", "--interval", "0.01" },
	  4, "--interval takes 0.1 to 3600 seconds" },
	{ "top_interval_text", { "mpath2ctl", "top", "--interval", "1s" }, 4,
	  "--interval takes" },
	{ "top_count_zero", { "mpath2ctl", "top", "--count", "0" }, 4,
	  "--count takes a number from 1" },
	{ "top_unknown_option", { "mpath2ctl", "top", "-x" }, 3,
	  "top: unknown option '-x'" },
	{ "top_no_such_map", { "mpath2ctl", "top", "nomap", "--count", "1" },
	  5, "nomap: no such map" },
};

static void usage_case(void **state)
{
	const struct usage_case *c = *state;
	char *out, *err;

	CHECK(run((char **)c->argv, c->argc, &out, &err) == 1,
	      "exit status not 1");
	CHECK(strstr(err, c->err), "stderr lacks '%s': %s", c->err, err);
	CHECK(!out[0], "stdout: %s", out);
	free(out);
	free(err);
}

/*
 * top with stdout not a terminal: a header, then one line per path per
 * sample; the first sample is the base of the rates, so --count 2 is
 * three samples, each one listing and one path_stats per map.
 */
static void cli_top_lines(void **state)
{
	char *argv[] = { "mpath2ctl", "top", "--interval", "0.1", "--count",
			 "2" };
	char *out, *err, *s;
	int lines = 0;

	(void)state;
	CHECK(!run(argv, 6, &out, &err), "exit status not 0: %s", err);
	CHECK(!strncmp(out, "# time map path dev group state iops mb_s"
		       " latency_us in_flight errors fail_count\n", 75),
	      "no header: %s", out);
	for (s = out; (s = strchr(s, '\n')); s++)
		lines++;
	CHECK(lines == 1 + 2 * 4, "%d lines, not 9: %s", lines, out);
	CHECK(strstr(out, " mpatha 8:16 sdb 1 failed 0.0 - 0.0 0 2 1\n") &&
	      strstr(out, " mpathb 8:32 sdc 2 active 0.0 - 0.0 1 0 0\n"),
	      "path lines wrong: %s", out);
	CHECK(!strchr(out, '\033'), "escape codes in plain lines");
	CHECK(fake_dm_calls == 3 * 5, "%d libdevmapper calls, not 15",
	      fake_dm_calls);
	free(out);
	free(err);
}

void metrics_tests(void)
{
	unit_case("tools/metrics/parse_lines", parse_lines, NULL);
	UNIT_TABLE("tools/metrics/bad", bad_case, bad_cases);
	unit_case("tools/metrics/latency_digits", latency_digits, NULL);
	UNIT_TABLE("tools/metrics/delta", delta_case, delta_cases);
	unit_case("tools/metrics/rates", rates, NULL);
	unit_case("tools/metrics/blkstat", blkstat, NULL);
	unit_case("tools/metrics/prom_output", prom_output, NULL);
	unit_case("tools/metrics/state_monotonic", state_monotonic, NULL);
	unit_case("tools/metrics/cli_prometheus", cli_prometheus, NULL);
	unit_case("tools/metrics/cli_prometheus_files", cli_prometheus_files,
		  NULL);
	UNIT_TABLE("tools/metrics/usage", usage_case, usage_cases);
	unit_case("tools/metrics/cli_top_lines", cli_top_lines, NULL);
}
