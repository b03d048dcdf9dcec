// SPDX-License-Identifier: GPL-2.0-only
/*
 * cli/top.c without a terminal: a frame of two samples drawn into a
 * buffer (rates, the tree, the width and height it must keep to, the
 * picked map), the keys (sorting, picking, one map alone, q), and the
 * plain lines for scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/top.h"
#include "table/metrics.h"
#include "unit.h"

/*
 * Two samples 2 s apart of two maps: "fast" (8:16 up 4000 bios, 8:32 up
 * 1000, both active, 8 MiB read on 8:16) and "slow" (8:48 up 200, 8:64
 * failed).
 */
struct pair {
	struct metrics_map prev[2], cur[2];
	struct top_view v;
};

static void put_map(struct metrics_map *m, const char *name, const char *dev,
		    const char *answer, const char *groups)
{
	CHECK(!metrics_parse(answer, &m->paths, &m->nr_paths), "out of memory");
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->dev, sizeof(m->dev), "%s", dev);
	m->nr_groups = (unsigned int)strlen(groups);
	m->group_state = strdup(groups);
}

static struct pair *two_samples(void)
{
	struct pair *p = calloc(1, sizeof(*p));

	put_map(&p->prev[0], "fast", "dm-0",
		"8:16 group=1 state=active ios=1000 latency_us=100.000\n"
		"8:32 group=2 state=active ios=500 latency_us=300.000\n", "AE");
	put_map(&p->cur[0], "fast", "dm-0",
		"8:16 group=1 state=active ios=5000 in_flight=3"
		" latency_us=100.000\n"
		"8:32 group=2 state=active ios=1500 errors=4 fail_count=2"
		" latency_us=300.000\n", "AE");
	put_map(&p->prev[1], "slow", "dm-1",
		"8:48 group=1 state=active ios=0\n"
		"8:64 group=1 state=active ios=0\n", "A");
	put_map(&p->cur[1], "slow", "dm-1",
		"8:48 group=1 state=active ios=200 latency_us=2000.000\n"
		"8:64 group=1 state=failed fail_count=1\n", "A");
	strcpy(p->prev[0].paths[0].dev, "sdb");
	strcpy(p->cur[0].paths[0].dev, "sdb");
	p->prev[0].paths[0].has_sectors = p->cur[0].paths[0].has_sectors = 1;
	p->cur[0].paths[0].rd_sectors = 16384;	/* 8 MiB in 2 s */
	p->v.prev = p->prev;
	p->v.cur = p->cur;
	p->v.nr_prev = p->v.nr_cur = 2;
	p->v.secs = 2.0;
	p->v.width = 100;
	p->v.height = 40;
	p->v.interval = 1.0;
	strcpy(p->v.clock, "07:41:02");
	strcpy(p->v.selected, "fast");
	return p;
}

static void free_pair(struct pair *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		free(p->prev[i].paths);
		free(p->prev[i].group_state);
		free(p->cur[i].paths);
		free(p->cur[i].group_state);
	}
	free(p);
}

/* The frame as text: escapes dropped, one string per screen line. */
static char *frame(const struct top_view *v, int *nlines)
{
	char *buf = NULL, *out, *s, *d;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(f, "open_memstream failed");
	top_render(f, v);
	fclose(f);
	out = malloc(len + 1);
	*nlines = 1;
	for (s = buf, d = out; *s; s++) {
		if (*s == '\033') {
			/* CSI: ESC [ params letter */
			s++;
			while (s[1] && !((s[1] >= 'A' && s[1] <= 'Z') ||
					 (s[1] >= 'a' && s[1] <= 'z')))
				s++;
			s++;
			continue;
		}
		if (*s == '\r')
			continue;
		if (*s == '\n')
			(*nlines)++;
		*d++ = *s;
	}
	*d = '\0';
	free(buf);
	return out;
}

/* The line of @text that starts with @start (after blanks), or NULL. */
static const char *line_of(const char *text, const char *start)
{
	const char *s = text;

	while (s) {
		const char *t = s + strspn(s, " ");

		if (!strncmp(t, start, strlen(start)))
			return s;
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	return NULL;
}

static int fields(const char *line, char w[][24], int max)
{
	int n = 0;

	while (n < max && sscanf(line, "%23s", w[n]) == 1) {
		line += strspn(line, " ");
		line += strcspn(line, " \n");
		n++;
		if (!*line || *line == '\n')
			break;
	}
	return n;
}

static void render_rates(void **state)
{
	struct pair *p = two_samples();
	const char *l;
	char w[12][24], *text;
	int n, nl;

	(void)state;
	text = frame(&p->v, &nl);
	CHECK(strstr(text, "mpath2ctl top - 07:41:02, every 1.0 s, 2 maps,"
		     " 3/4 paths up, sort: name"), "title: %s", text);
	/* fast: 2500 IOPS, 4.19 MB/s (8:32 has no sector counters: "-"). */
	l = line_of(text, "fast ");
	CHECK(l, "no map line: %s", text);
	n = fields(l, w, 12);
	CHECK(n == 10 && !strcmp(w[1], "dm-0") && !strcmp(w[2], "2/2") &&
	      !strcmp(w[4], "2500.0") && !strcmp(w[5], "-") &&
	      !strcmp(w[8], "4") && !strcmp(w[9], "2"), "map line: %s", l);
	/* The map's latency: its paths' by IOPS, (2000*100 + 500*300)/2500. */
	CHECK(!strcmp(w[6], "140.0"), "map latency %s, not 140.0", w[6]);
	l = line_of(text, "|-+- group 1");
	CHECK(l && strstr(l, "active"), "group 1: %s", text);
	l = line_of(text, "| `- 8:16");
	CHECK(l, "no 8:16 line: %s", text);
	n = fields(l, w, 12);
	CHECK(n == 11 && !strcmp(w[3], "sdb") && !strcmp(w[4], "active") &&
	      !strcmp(w[5], "2000.0") && !strcmp(w[6], "4.19") &&
	      !strcmp(w[7], "100.0") && !strcmp(w[8], "3"), "8:16: %s", l);
	l = line_of(text, "`-+- group 2");
	CHECK(l && strstr(l, "enabled"), "group 2: %s", text);
	l = line_of(text, "`- 8:32");
	CHECK(l && fields(l, w, 12) == 10 && !strcmp(w[4], "500.0") &&
	      !strcmp(w[8], "4") && !strcmp(w[9], "2"), "8:32: %s", l);
	l = line_of(text, "`- 8:64");
	CHECK(l && strstr(l, " failed "), "8:64: %s", text);
	CHECK(line_of(text, "slow ") > line_of(text, "fast "),
	      "maps not by name");
	free(text);
	free_pair(p);
}

/* No earlier sample: every rate "-", never a made-up number. */
static void render_first_sample(void **state)
{
	struct pair *p = two_samples();
	char w[12][24], *text;
	const char *l;
	int nl;

	(void)state;
	p->v.prev = NULL;
	p->v.nr_prev = 0;
	p->v.secs = 0;
	text = frame(&p->v, &nl);
	l = line_of(text, "| `- 8:16");
	CHECK(l && fields(l, w, 12) == 11 && !strcmp(w[5], "-") &&
	      !strcmp(w[6], "-"), "8:16 without rates: %s", l);
	free(text);
	free_pair(p);
}

/* A small terminal: no line wider, no more lines than it has. */
static void render_small(void **state)
{
	struct pair *p = two_samples();
	char *text, *s, *nl;
	int lines;

	(void)state;
	p->v.width = 40;
	p->v.height = 6;
	text = frame(&p->v, &lines);
	CHECK(lines == 6, "%d lines on a 6-line terminal", lines);
	for (s = text; s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		CHECK((nl ? nl - s : (long)strlen(s)) <= 40,
		      "a line wider than 40: %.*s", (int)(nl ? nl - s : 80), s);
	}
	/* The picked map, low in the list, is still in sight. */
	strcpy(p->v.selected, "slow");
	free(text);
	text = frame(&p->v, &lines);
	CHECK(line_of(text, "slow "), "the picked map scrolled away: %s", text);
	free(text);
	free_pair(p);
}

static void keys(void **state)
{
	struct pair *p = two_samples();
	char *text;
	int nl;

	(void)state;
	CHECK(!top_key(&p->v, "i", 1) && p->v.sort == TOP_SORT_IOPS, "i");
	text = frame(&p->v, &nl);
	CHECK(strstr(text, "sort: IOPS"), "title: %s", text);
	free(text);
	/* By IOPS, reversed: slow (200/2 = 100) before fast (2500). */
	CHECK(!top_key(&p->v, "r", 1) && p->v.reverse, "r");
	text = frame(&p->v, &nl);
	CHECK(line_of(text, "slow ") < line_of(text, "fast "),
	      "reversed IOPS order: %s", text);
	free(text);
	/* Down (arrow, then j) from fast: slow is first now, so stays. */
	CHECK(!top_key(&p->v, "\033[A", 3) && !strcmp(p->v.selected, "slow"),
	      "up from fast in reversed order: %s", p->v.selected);
	CHECK(!top_key(&p->v, "j", 1) && !strcmp(p->v.selected, "fast"),
	      "j: %s", p->v.selected);
	CHECK(!top_key(&p->v, "\033[B", 3) && !strcmp(p->v.selected, "fast"),
	      "down past the last map: %s", p->v.selected);
	/* Enter: fast alone; Esc: both again. */
	CHECK(!top_key(&p->v, "\r", 1) && p->v.only, "Enter");
	text = frame(&p->v, &nl);
	CHECK(line_of(text, "fast ") && !line_of(text, "slow "),
	      "not fast alone: %s", text);
	free(text);
	CHECK(!top_key(&p->v, "\033", 1) && !p->v.only, "Esc");
	CHECK(!top_key(&p->v, "l", 1) && p->v.sort == TOP_SORT_LATENCY &&
	      !top_key(&p->v, "e", 1) && p->v.sort == TOP_SORT_ERRORS &&
	      !top_key(&p->v, "f", 1) && p->v.sort == TOP_SORT_FAILS &&
	      !top_key(&p->v, "m", 1) && p->v.sort == TOP_SORT_MBPS &&
	      !top_key(&p->v, "n", 1) && p->v.sort == TOP_SORT_NAME,
	      "sort keys");
	CHECK(!top_key(&p->v, "xyz", 3), "unknown keys quit");
	CHECK(top_key(&p->v, "iq", 2) == 1, "q does not quit");
	free_pair(p);
}

/* Paths sorted within their group: by errors, 8:32 (4) leads in 2. */
static void sort_paths(void **state)
{
	struct pair *p = two_samples();
	char *text;
	int nl;

	(void)state;
	p->v.sort = TOP_SORT_FAILS;
	text = frame(&p->v, &nl);
	/* slow has 1 failure, fast 2: fast first; in slow, 8:64 first. */
	CHECK(line_of(text, "fast ") < line_of(text, "slow ") &&
	      line_of(text, "|- 8:64") && line_of(text, "`- 8:48"),
	      "by fail count: %s", text);
	free(text);
	free_pair(p);
}

static void plain_lines(void **state)
{
	struct pair *p = two_samples();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	top_print_sample(f, &p->v);
	fclose(f);
	CHECK(!strcmp(buf,
		      "07:41:02 fast 8:16 sdb 1 active 2000.0 4.19 100.0 3 0 0\n"
		      "07:41:02 fast 8:32 - 2 active 500.0 - 300.0 0 4 2\n"
		      "07:41:02 slow 8:48 - 1 active 100.0 - 2000.0 0 0 0\n"
		      "07:41:02 slow 8:64 - 1 failed 0.0 - 0.0 0 0 1\n"),
	      "lines:\n%s", buf);
	free(buf);
	free_pair(p);
}

void top_tests(void)
{
	unit_case("tools/top/render_rates", render_rates, NULL);
	unit_case("tools/top/render_first_sample", render_first_sample, NULL);
	unit_case("tools/top/render_small", render_small, NULL);
	unit_case("tools/top/keys", keys, NULL);
	unit_case("tools/top/sort_paths", sort_paths, NULL);
	unit_case("tools/top/plain_lines", plain_lines, NULL);
}
