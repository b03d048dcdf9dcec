// SPDX-License-Identifier: GPL-2.0-only
/*
 * The top verb (see top.h). The terminal is driven with plain ANSI
 * escapes and termios (no curses): the alternate screen, the cursor
 * hidden, each frame written whole from the top left. Keys:
 *
 *   i m l e f n   sort by IOPS, MB/s, latency, errors, fail count, name
 *   r             reverse the order
 *   j k, arrows   pick a map (shown in reverse video)
 *   Enter         the picked map alone, or every map again (Esc too)
 *   q             quit (also Ctrl-C)
 *   Ctrl-Z        the terminal given back while stopped, taken on fg
 *
 * MB/s comes from the path devices' own sector counters (sysfs
 * /sys/block/<dev>/stat): path_stats counts bios, not bytes.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/stats.h"
#include "cli/top.h"
#include "lib/common.h"
#include "lib/validate.h"

#define INTERVAL_MIN	0.1
#define INTERVAL_MAX	3600.0
#define HEAD_LINES	3	/* title, keys, column names */

/* ---- what a frame shows, apart from the terminal ---------------------- */

struct prate {
	const struct metrics_path *p;
	struct metrics_rate r;
	int valid;		/* a previous sample of this path */
};

struct mview {
	const struct metrics_map *m;
	struct prate *paths;	/* m->paths' order */
	double iops, mbps, latency_us;
	uint64_t errors, fails, in_flight;
	int valid, has_mbps;
};

static const struct metrics_map *find_map(const struct metrics_map *maps,
					  size_t nr, const char *name)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(maps[i].name, name))
			return &maps[i];
	return NULL;
}

/* Rates and sums of each map of v->cur; NULL out of memory. */
static struct mview *views(const struct top_view *v)
{
	const struct metrics_map *pm;
	const struct metrics_path *pp;
	struct mview *mv;
	double lat_w;
	size_t i, j;

	mv = calloc(v->nr_cur ? v->nr_cur : 1, sizeof(*mv));
	if (!mv)
		return NULL;
	for (i = 0; i < v->nr_cur; i++) {
		mv[i].m = &v->cur[i];
		mv[i].paths = calloc(v->cur[i].nr_paths + 1, sizeof(struct prate));
		if (!mv[i].paths) {
			while (i--)
				free(mv[i].paths);
			free(mv);
			return NULL;
		}
		pm = v->secs > 0 ? find_map(v->prev, v->nr_prev, v->cur[i].name) :
		     NULL;
		mv[i].has_mbps = 1;
		mv[i].valid = 1;
		lat_w = 0;
		for (j = 0; j < v->cur[i].nr_paths; j++) {
			struct prate *pr = &mv[i].paths[j];

			pr->p = &v->cur[i].paths[j];
			pp = pm ? metrics_find(pm, pr->p->major, pr->p->minor) :
			     NULL;
			if (pp) {
				metrics_rate(pp, pr->p, v->secs, &pr->r);
				pr->valid = 1;
				mv[i].iops += pr->r.iops;
				if (pr->r.mbps >= 0)
					mv[i].mbps += pr->r.mbps;
				else
					mv[i].has_mbps = 0;
				/* The map's latency: its paths', by IOPS. */
				mv[i].latency_us += pr->r.iops *
						    (double)pr->p->latency_ns / 1000;
				lat_w += pr->r.iops;
			} else {
				mv[i].valid = 0;
			}
			mv[i].errors += pr->p->errors;
			mv[i].fails += pr->p->fail_count;
			mv[i].in_flight += pr->p->in_flight;
		}
		mv[i].latency_us = lat_w > 0 ? mv[i].latency_us / lat_w : -1;
	}
	return mv;
}

static void free_views(struct mview *mv, size_t nr)
{
	size_t i;

	for (i = 0; mv && i < nr; i++)
		free(mv[i].paths);
	free(mv);
}

/* The sort key of a path, and of a map; bigger first unless reversed. */
static double path_key(const struct prate *pr, enum top_sort s)
{
	switch (s) {
	case TOP_SORT_IOPS:
		return pr->valid ? pr->r.iops : -1;
	case TOP_SORT_MBPS:
		return pr->valid ? pr->r.mbps : -1;
	case TOP_SORT_LATENCY:
		return (double)pr->p->latency_ns;
	case TOP_SORT_ERRORS:
		return (double)pr->p->errors;
	case TOP_SORT_FAILS:
		return (double)pr->p->fail_count;
	default:
		return 0;
	}
}

static double map_key(const struct mview *mv, enum top_sort s)
{
	switch (s) {
	case TOP_SORT_IOPS:
		return mv->valid ? mv->iops : -1;
	case TOP_SORT_MBPS:
		return mv->valid && mv->has_mbps ? mv->mbps : -1;
	case TOP_SORT_LATENCY:
		return mv->latency_us;
	case TOP_SORT_ERRORS:
		return (double)mv->errors;
	case TOP_SORT_FAILS:
		return (double)mv->fails;
	default:
		return 0;
	}
}

/* qsort has no context argument: the order being sorted by. */
static enum top_sort sort_by;
static int sort_reverse;

static int cmp_keys(double a, double b)
{
	int c = a > b ? -1 : a < b ? 1 : 0;

	return sort_reverse ? -c : c;
}

static int cmp_maps(const void *a, const void *b)
{
	const struct mview *x = a, *y = b;
	int c = cmp_keys(map_key(x, sort_by), map_key(y, sort_by));

	/* Ties, and sorting by name: by name, as show lists them. */
	if (!c) {
		c = strcmp(x->m->name, y->m->name);
		if (sort_by == TOP_SORT_NAME && sort_reverse)
			c = -c;
	}
	return c;
}

static int cmp_paths(const void *a, const void *b)
{
	const struct prate *x = a, *y = b;
	int c = cmp_keys(path_key(x, sort_by), path_key(y, sort_by));

	/* Ties: table order (pointers into one array). */
	if (!c)
		c = x->p < y->p ? -1 : x->p > y->p;
	return c;
}

static void sort_views(struct mview *mv, size_t nr, enum top_sort s,
		       int reverse)
{
	size_t i;

	sort_by = s;
	sort_reverse = reverse;
	qsort(mv, nr, sizeof(*mv), cmp_maps);
	if (s == TOP_SORT_NAME && !reverse)
		return;
	for (i = 0; i < nr; i++)
		qsort(mv[i].paths, mv[i].m->nr_paths, sizeof(*mv[i].paths),
		      cmp_paths);
}

/* ---- keys ------------------------------------------------------------- */

/* Index of the picked map in @mv (sorted), 0 if it is gone. */
static size_t picked(const struct mview *mv, size_t nr, const char *name)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(mv[i].m->name, name))
			return i;
	return 0;
}

/* Move the pick @step maps along the order on screen. */
static void move_pick(struct top_view *v, int step)
{
	struct mview *mv;
	size_t i;

	if (!v->nr_cur)
		return;
	mv = views(v);
	if (!mv)
		return;
	sort_views(mv, v->nr_cur, v->sort, v->reverse);
	i = picked(mv, v->nr_cur, v->selected);
	if (step < 0 && i > 0)
		i--;
	else if (step > 0 && i + 1 < v->nr_cur)
		i++;
	snprintf(v->selected, sizeof(v->selected), "%s", mv[i].m->name);
	free_views(mv, v->nr_cur);
}

int top_key(struct top_view *v, const char *keys, size_t n)
{
	static const char sorts[] = "nimlef";
	const char *s;
	size_t i;

	for (i = 0; i < n; i++) {
		/* Arrows: ESC [ A (up), ESC [ B (down); ESC alone: all maps. */
		if (keys[i] == 27) {
			if (i + 2 < n && keys[i + 1] == '[') {
				if (keys[i + 2] == 'A')
					move_pick(v, -1);
				else if (keys[i + 2] == 'B')
					move_pick(v, 1);
				i += 2;
			} else {
				v->only = 0;
			}
			continue;
		}
		if (keys[i] == 'q' || keys[i] == 'Q')
			return 1;
		s = keys[i] ? strchr(sorts, keys[i]) : NULL;
		if (s) {
			v->sort = (enum top_sort)(s - sorts);
			continue;
		}
		switch (keys[i]) {
		case 'r':
			v->reverse = !v->reverse;
			break;
		case 'j':
			move_pick(v, 1);
			break;
		case 'k':
			move_pick(v, -1);
			break;
		case '\r':
		case '\n':
			v->only = !v->only;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* ---- drawing ----------------------------------------------------------- */

#define COLS_FMT "%-20.20s %-5.5s %-8.8s %8s %7s %8s %4s %6s %5s"

static const char *sort_names[] = { "name", "IOPS", "MB/s", "latency",
				    "errors", "fails" };

static void fmt_num(char *buf, size_t len, double x, int decimals, int valid)
{
	if (!valid || x < 0 || isnan(x))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.*f", decimals, x);
}

static void fmt_u64(char *buf, size_t len, uint64_t x)
{
	snprintf(buf, len, "%llu", (unsigned long long)x);
}

struct line {
	char text[160];
	int picked;		/* the picked map's line: reverse video */
	int map;		/* a map's line */
};

struct lines {
	struct line *l;
	size_t nr, cap;
	size_t picked_at;	/* the picked map's line */
};

static struct line *add_line(struct lines *ls)
{
	struct line *grown;

	if (ls->nr == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 64;
		grown = realloc(ls->l, ls->cap * sizeof(*grown));
		if (!grown)
			return NULL;
		ls->l = grown;
	}
	memset(&ls->l[ls->nr], 0, sizeof(ls->l[0]));
	return &ls->l[ls->nr++];
}

static const char *group_word(char state)
{
	switch (state) {
	case 'A':
		return "active";
	case 'D':
		return "disabled";
	case 'E':
		return "enabled";
	default:
		return "?";
	}
}

static void map_lines(struct lines *ls, const struct mview *mv, int pick)
{
	char st[16], iops[16], mbps[16], lat[16], infl[24], err[24], fails[24];
	char name[64], num[24];
	const struct metrics_map *m = mv->m;
	const struct prate *pr;
	struct line *l;
	unsigned int g, ng;
	size_t j, last;

	l = add_line(ls);
	if (!l)
		return;
	l->map = 1;
	l->picked = pick;
	if (pick)
		ls->picked_at = ls->nr - 1;
	if (m->queueing)
		snprintf(st, sizeof(st), "queueing");
	else
		snprintf(st, sizeof(st), "%u/%zu up", metrics_usable(m),
			 m->nr_paths);
	fmt_num(iops, sizeof(iops), mv->iops, 1, mv->valid);
	fmt_num(mbps, sizeof(mbps), mv->mbps, 2, mv->valid && mv->has_mbps);
	fmt_num(lat, sizeof(lat), mv->latency_us, 1, mv->valid);
	fmt_u64(infl, sizeof(infl), mv->in_flight);
	fmt_u64(err, sizeof(err), mv->errors);
	fmt_u64(fails, sizeof(fails), mv->fails);
	snprintf(l->text, sizeof(l->text), COLS_FMT, m->name, m->dev, st, iops,
		 mbps, lat, infl, err, fails);

	/* The groups as show draws them; paths in the sorted order. */
	ng = m->nr_groups;
	for (g = 1; g <= ng; g++) {
		int lastg = g == ng;

		l = add_line(ls);
		if (!l)
			return;
		snprintf(name, sizeof(name), "%s-+- group %u", lastg ? "`" : "|", g);
		snprintf(l->text, sizeof(l->text), COLS_FMT, name, "",
			 group_word(m->group_state ? m->group_state[g - 1] : 0),
			 "", "", "", "", "", "");
		for (j = 0, last = m->nr_paths; j < m->nr_paths; j++)
			if (mv->paths[j].p->group == g)
				last = j;
		for (j = 0; j < m->nr_paths; j++) {
			pr = &mv->paths[j];
			if (pr->p->group != g)
				continue;
			l = add_line(ls);
			if (!l)
				return;
			snprintf(num, sizeof(num), "%u:%u", pr->p->major,
				 pr->p->minor);
			snprintf(name, sizeof(name), "%s %s- %s", lastg ? " " : "|",
				 j == last ? "`" : "|", num);
			fmt_num(iops, sizeof(iops), pr->r.iops, 1, pr->valid);
			fmt_num(mbps, sizeof(mbps), pr->r.mbps, 2, pr->valid);
			fmt_num(lat, sizeof(lat),
				(double)pr->p->latency_ns / 1000, 1, 1);
			fmt_u64(infl, sizeof(infl), pr->p->in_flight);
			fmt_u64(err, sizeof(err), pr->p->errors);
			fmt_u64(fails, sizeof(fails), pr->p->fail_count);
			snprintf(l->text, sizeof(l->text), COLS_FMT, name,
				 pr->p->dev[0] ? pr->p->dev : "-", pr->p->state,
				 iops, mbps, lat, infl, err, fails);
		}
	}
}

/* One line of at most @width columns, the rest of the row cleared. */
static void put_line(FILE *out, const char *s, int width, const char *attr)
{
	int n = (int)strlen(s);

	if (n > width)
		n = width;
	fprintf(out, "%s%.*s\033[m\033[K", attr, n, s);
}

void top_render(FILE *out, const struct top_view *v)
{
	struct lines ls = { NULL, 0, 0, 0 };
	unsigned int usable = 0;
	size_t i, k, paths = 0, first = 0, rows, shown = 0;
	struct mview *mv;
	char head[512];
	int width = v->width > 0 ? v->width : 80;
	int height = v->height > HEAD_LINES ? v->height : HEAD_LINES + 1;

	mv = views(v);
	if (!mv)
		return;
	sort_views(mv, v->nr_cur, v->sort, v->reverse);
	i = picked(mv, v->nr_cur, v->selected);
	for (k = 0; k < v->nr_cur; k++) {
		usable += metrics_usable(mv[k].m);
		paths += mv[k].m->nr_paths;
		if (!v->only || k == i)
			map_lines(&ls, &mv[k], k == i && v->nr_cur > 1);
	}
	snprintf(head, sizeof(head), "mpath2ctl top - %s, every %.1f s, %zu"
		 " map%s, %u/%zu paths up, sort: %s%s%s%s%s", v->clock,
		 v->interval, v->nr_cur, v->nr_cur == 1 ? "" : "s", usable,
		 paths, sort_names[v->sort], v->reverse ? " (reversed)" : "",
		 v->only ? ", one map" : "", v->note[0] ? " - " : "", v->note);
	fputs("\033[H", out);
	put_line(out, head, width, "");
	fputs("\r\n", out);
	put_line(out, "keys: i m l e f n sort, r reverse, j/k pick a map,"
		 " Enter it alone, q quit", width, "");
	fputs("\r\n", out);
	snprintf(head, sizeof(head), COLS_FMT, "MAP/GROUP/PATH", "DEV", "STATE",
		 "IOPS", "MB/s", "LAT_us", "INFL", "ERRORS", "FAILS");
	put_line(out, head, width, "\033[7m");
	/* Too many lines: start where the picked map stays in sight. */
	rows = (size_t)height - HEAD_LINES;
	if (ls.nr > rows && ls.picked_at >= rows)
		first = ls.picked_at;
	for (i = first; i < ls.nr && shown < rows; i++, shown++) {
		fputs("\r\n", out);
		put_line(out, ls.l[i].text, width,
			 ls.l[i].picked ? "\033[7m" : ls.l[i].map ? "\033[1m" : "");
	}
	if (!v->nr_cur) {
		fputs("\r\n", out);
		put_line(out, "(no mpath2 maps)", width, "");
	}
	/* Clear what an older, longer frame left below. */
	fputs("\033[J", out);
	free(ls.l);
	free_views(mv, v->nr_cur);
}

void top_print_sample(FILE *out, const struct top_view *v)
{
	char iops[16], mbps[16];
	const struct metrics_path *p;
	struct mview *mv;
	size_t i, j;

	mv = views(v);
	if (!mv)
		return;
	for (i = 0; i < v->nr_cur; i++) {
		for (j = 0; j < mv[i].m->nr_paths; j++) {
			p = mv[i].paths[j].p;
			fmt_num(iops, sizeof(iops), mv[i].paths[j].r.iops, 1,
				mv[i].paths[j].valid);
			fmt_num(mbps, sizeof(mbps), mv[i].paths[j].r.mbps, 2,
				mv[i].paths[j].valid);
			fprintf(out, "%s %s %u:%u %s %u %s %s %s %.1f %llu %llu"
				" %llu\n", v->clock, mv[i].m->name, p->major,
				p->minor, p->dev[0] ? p->dev : "-", p->group,
				p->state, iops, mbps, (double)p->latency_ns / 1000,
				(unsigned long long)p->in_flight,
				(unsigned long long)p->errors,
				(unsigned long long)p->fail_count);
		}
	}
	fflush(out);
	free_views(mv, v->nr_cur);
}

/* ---- the terminal and the loop ---------------------------------------- */

static volatile sig_atomic_t got_quit, got_winch, got_stop;

static void on_quit(int sig)
{
	(void)sig;
	got_quit = 1;
}

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

static void on_stop(int sig)
{
	(void)sig;
	got_stop = 1;
}

struct term {
	int on;			/* full screen */
	int keys;		/* stdin is a terminal we set raw */
	struct termios saved;
	int fd;			/* the output's */
};

static void term_size(struct term *t, struct top_view *v)
{
	struct winsize ws;

	v->width = 80;
	v->height = 24;
	if (!ioctl(t->fd, TIOCGWINSZ, &ws) && ws.ws_col && ws.ws_row) {
		v->width = ws.ws_col;
		v->height = ws.ws_row;
	}
}

static void term_enter(struct term *t, FILE *out)
{
	struct termios raw;

	if (!tcgetattr(STDIN_FILENO, &t->saved)) {
		raw = t->saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 0;
		raw.c_cc[VTIME] = 0;
		t->keys = !tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	/* The alternate screen, the cursor hidden. */
	fputs("\033[?1049h\033[?25l\033[H\033[2J", out);
	fflush(out);
	t->on = 1;
}

static void term_leave(struct term *t, FILE *out)
{
	if (!t->on)
		return;
	fputs("\033[?25h\033[?1049l", out);
	fflush(out);
	if (t->keys)
		tcsetattr(STDIN_FILENO, TCSANOW, &t->saved);
	t->on = 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void wall_clock(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	if (localtime_r(&t, &tm))
		strftime(buf, len, "%H:%M:%S", &tm);
	else
		snprintf(buf, len, "?");
}

struct top_opts {
	const char *name;
	double interval;
	long count;		/* samples shown, 0: until q */
};

enum { OPT_INTERVAL = CLI_OPT_FIRST, OPT_COUNT };

const struct option top_options[] = {
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct cli_args *a, const struct cli_ctl *ctl,
		      struct top_opts *o)
{
	const struct cli_opt *opt;
	char err[ERRLEN], *end;
	const char *v;
	int i;

	o->name = NULL;
	o->interval = 1.0;
	o->count = 0;
	for (i = 0; i < a->nr_opts; i++) {
		opt = &a->opts[i];
		v = opt->arg;
		if (!v)
			return cli_needs(ctl, "top", opt, "a number");
		errno = 0;
		if (opt->val == OPT_INTERVAL) {
			o->interval = strtod(v, &end);
			if (errno || end == v || *end ||
			    !(o->interval >= INTERVAL_MIN &&
			      o->interval <= INTERVAL_MAX))
				return cli_fail(ctl, "top: --interval takes"
						" %.1f to %.0f seconds",
						INTERVAL_MIN, INTERVAL_MAX);
		} else {
			o->count = strtol(v, &end, 10);
			if (errno || end == v || *end || o->count < 1)
				return cli_fail(ctl, "top: --count takes a"
						" number from 1");
		}
	}
	if (a->nr_operands) {
		if (validate_map_name(a->operands[0], err, sizeof(err)))
			return cli_fail(ctl, "%s", err);
		o->name = a->operands[0];
	}
	return 0;
}

/*
 * One sample into @v: the previous becomes v->prev. On a terminal, a
 * failure goes into v->note (the screen is not written to from the
 * side); else to ctl->err. 0, or 1 if it failed (v->cur kept).
 */
static int sample(const struct cli_ctl *ctl, const char *name, int tty,
		  struct top_view *v, double *t_cur)
{
	struct metrics_map *maps;
	struct cli_ctl c = *ctl;
	char buf[ERRLEN] = "";
	double t = now_s();
	size_t nr, n;
	FILE *ef = NULL;
	int r;

	if (tty) {
		ef = fmemopen(buf, sizeof(buf) - 1, "w");
		if (ef)
			c.err = ef;
	}
	r = stats_collect(&c, name, &maps, &nr);
	if (ef)
		fclose(ef);
	v->note[0] = '\0';
	if (r) {
		n = strcspn(buf, "\n");
		snprintf(v->note, sizeof(v->note), "%.*s", (int)n, buf);
		return 1;
	}
	metrics_free_maps((struct metrics_map *)v->prev, v->nr_prev);
	v->prev = v->cur;
	v->nr_prev = v->nr_cur;
	v->secs = v->prev ? t - *t_cur : 0;
	v->cur = maps;
	v->nr_cur = nr;
	*t_cur = t;
	wall_clock(v->clock, sizeof(v->clock));
	if (!v->selected[0] && nr)
		snprintf(v->selected, sizeof(v->selected), "%s", maps[0].name);
	return 0;
}

static void draw(FILE *out, const struct top_view *v)
{
	top_render(out, v);
	fflush(out);
}

/*
 * Ctrl-Z: give the terminal back as it was, stop for real (the default
 * action of SIGTSTP), and on fg take it again and redraw.
 */
static void suspend(struct term *t, FILE *out, struct top_view *v)
{
	struct sigaction dfl, mine;
	int was_on = t->on;

	got_stop = 0;
	term_leave(t, out);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &mine);
	raise(SIGTSTP);
	/* Here again after SIGCONT. */
	sigaction(SIGTSTP, &mine, NULL);
	if (was_on) {
		term_enter(t, out);
		term_size(t, v);
		draw(out, v);
	}
}

/* Wait until @until (monotonic), taking keys. 1 if it is time to quit. */
static int wait_keys(struct term *t, FILE *out, struct top_view *v,
		     double until)
{
	struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
	char keys[64];
	double left;
	ssize_t n;

	while (!got_quit && (left = until - now_s()) > 0) {
		if (got_stop) {
			suspend(t, out, v);
			continue;
		}
		if (got_winch) {
			got_winch = 0;
			if (t->on) {
				term_size(t, v);
				fputs("\033[2J", out);
				draw(out, v);
			}
		}
		if (!t->keys) {
			poll(NULL, 0, (int)(left * 1000) + 1);
			continue;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		n = read(STDIN_FILENO, keys, sizeof(keys));
		if (n <= 0) {
			/* The terminal went away: stop. */
			if (n == 0 || (errno != EINTR && errno != EAGAIN))
				return 1;
			continue;
		}
		if (top_key(v, keys, (size_t)n))
			return 1;
		draw(out, v);
	}
	return got_quit;
}

int top_run(const struct cli_verb *verb, const struct cli_args *a,
	    const struct cli_ctl *ctl)
{
	struct top_view v;
	struct top_opts o;
	struct term t = { 0 };
	struct sigaction sa, old_int, old_term, old_hup, old_winch, old_tstp;
	double t_cur = 0, start;
	long shown = 0;
	int tty, r = 0;

	(void)verb;
	if (parse_args(a, ctl, &o))
		return 1;
	memset(&v, 0, sizeof(v));
	v.interval = o.interval;
	v.sort = TOP_SORT_NAME;
	t.fd = fileno(ctl->out);
	tty = t.fd >= 0 && isatty(t.fd);

	/* The first sample: rates need a second one, an interval later. */
	start = now_s();
	if (sample(ctl, o.name, 0, &v, &t_cur))
		return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_quit;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the wait at once. */
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, &old_winch);
	got_quit = 0;
	got_winch = 0;
	got_stop = 0;
	/* Ctrl-Z on the full screen: leave it first (suspend()). */
	sa.sa_handler = tty ? on_stop : SIG_DFL;
	sigaction(SIGTSTP, &sa, &old_tstp);

	if (tty) {
		term_enter(&t, ctl->out);
		term_size(&t, &v);
		draw(ctl->out, &v);
	} else {
		fputs("# time map path dev group state iops mb_s latency_us"
		      " in_flight errors fail_count\n", ctl->out);
		fflush(ctl->out);
	}
	for (;;) {
		/* Never more than one sample an interval, however slow one is. */
		if (wait_keys(&t, ctl->out, &v, start + o.interval))
			break;
		start = now_s();
		if (sample(ctl, o.name, tty, &v, &t_cur) && !tty) {
			r = 1;
			break;
		}
		if (tty)
			draw(ctl->out, &v);
		else
			top_print_sample(ctl->out, &v);
		if (o.count && ++shown >= o.count)
			break;
	}
	term_leave(&t, ctl->out);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGWINCH, &old_winch, NULL);
	sigaction(SIGTSTP, &old_tstp, NULL);
	metrics_free_maps((struct metrics_map *)v.cur, v.nr_cur);
	metrics_free_maps((struct metrics_map *)v.prev, v.nr_prev);
	return r;
}
