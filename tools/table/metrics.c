// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's per-path counters as numbers (see metrics.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "table/metrics.h"
#include "table/path_stats.h"
#include "table/status.h"

/* Strict decimal into a u64: digits only, no sign, no overflow. */
static int parse_u64(const char *s, size_t len, uint64_t *val)
{
	uint64_t v = 0;
	size_t i;

	if (!len || len > 20)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*val = v;
	return 0;
}

/* "<us>[.<1-3 digits>]" into nanoseconds. */
static int parse_latency(const char *s, size_t len, uint64_t *ns)
{
	const char *dot = memchr(s, '.', len);
	uint64_t us, frac = 0;
	size_t n, i;

	if (parse_u64(s, dot ? (size_t)(dot - s) : len, &us) ||
	    us > UINT64_MAX / 1000)
		return -1;
	if (dot) {
		n = len - (size_t)(dot - s) - 1;
		if (n < 1 || n > 3 || parse_u64(dot + 1, n, &frac))
			return -1;
		for (i = n; i < 3; i++)
			frac *= 10;
	}
	*ns = us * 1000 + frac;
	return 0;
}

/* One word "key=value" of a line into @p. 0, or -1 if malformed. */
static int take_word(const char *w, size_t len, struct metrics_path *p)
{
	static const struct {
		const char *key;
		size_t off;
	} counters[] = {
		{ "fail_count=", offsetof(struct metrics_path, fail_count) },
		{ "errors=", offsetof(struct metrics_path, errors) },
		{ "ios=", offsetof(struct metrics_path, ios) },
		{ "in_flight=", offsetof(struct metrics_path, in_flight) },
	};
	const char *eq = memchr(w, '=', len);
	size_t k, klen, vlen, i;
	unsigned int v;
	char num[24];

	if (!eq)
		return 0;
	klen = (size_t)(eq - w) + 1;
	vlen = len - klen;
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		k = strlen(counters[i].key);
		if (k == klen && !memcmp(w, counters[i].key, k))
			return parse_u64(eq + 1, vlen,
					 (uint64_t *)((char *)p + counters[i].off));
	}
	if (klen == 11 && !memcmp(w, "latency_us=", 11))
		return parse_latency(eq + 1, vlen, &p->latency_ns);
	if (klen == 6 && !memcmp(w, "state=", 6)) {
		if (!vlen || vlen >= sizeof(p->state))
			return -1;
		for (i = 0; i < vlen; i++)
			if (eq[1 + i] < 'a' || eq[1 + i] > 'z')
				return -1;
		memcpy(p->state, eq + 1, vlen);
		p->state[vlen] = '\0';
		return 0;
	}
	if ((klen == 6 && !memcmp(w, "group=", 6)) ||
	    (klen == 5 && !memcmp(w, "prio=", 5))) {
		if (vlen >= sizeof(num))
			return -1;
		memcpy(num, eq + 1, vlen);
		num[vlen] = '\0';
		if (status_parse_uint(num, w[0] == 'g' ? STATUS_MAX_COUNT : PATH_STATS_MAX,
				      &v))
			return -1;
		if (w[0] == 'g')
			p->group = v;
		else
			p->prio = (int)v;
	}
	return 0;
}

/* Line @s (@len chars) into @p: 0, or -1 to skip it. */
static int parse_line(const char *s, size_t len, struct metrics_path *p)
{
	const char *end = s + len, *w, *e;
	char dev[24];
	int first = 1;

	memset(p, 0, sizeof(*p));
	p->prio = PATH_STATS_NONE;
	strcpy(p->state, "unknown");
	for (w = s; w < end; w = e) {
		while (w < end && *w == ' ')
			w++;
		for (e = w; e < end && *e != ' '; e++)
			;
		if (e == w)
			break;
		if (first) {
			if ((size_t)(e - w) >= sizeof(dev))
				return -1;
			memcpy(dev, w, (size_t)(e - w));
			dev[e - w] = '\0';
			if (status_parse_devnum(dev, &p->major, &p->minor))
				return -1;
			first = 0;
		} else if (take_word(w, (size_t)(e - w), p)) {
			return -1;
		}
	}
	if (first)
		return -1;
	p->out_ios = p->ios;
	p->out_errors = p->errors;
	p->out_fail = p->fail_count;
	return 0;
}

int metrics_parse(const char *answer, struct metrics_path **paths,
		  size_t *nr)
{
	const char *s = answer, *nl;
	struct metrics_path p, *grown;
	size_t len;

	*paths = NULL;
	*nr = 0;
	while (s && *s) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		if (!parse_line(s, len, &p)) {
			grown = realloc(*paths, (*nr + 1) * sizeof(*grown));
			if (!grown) {
				free(*paths);
				*paths = NULL;
				*nr = 0;
				return -1;
			}
			*paths = grown;
			(*paths)[(*nr)++] = p;
		}
		s = nl ? nl + 1 : s + len;
	}
	return 0;
}

int metrics_parse_blkstat(const char *line, uint64_t *rd_sectors,
			  uint64_t *wr_sectors)
{
	const char *w = line, *e;
	uint64_t v[7];
	int i;

	/* reads merged sectors ticks writes merged sectors ... */
	for (i = 0; i < 7; i++) {
		while (*w == ' ')
			w++;
		for (e = w; *e && *e != ' ' && *e != '\n'; e++)
			;
		if (parse_u64(w, (size_t)(e - w), &v[i]))
			return -1;
		w = e;
	}
	*rd_sectors = v[2];
	*wr_sectors = v[6];
	return 0;
}

uint64_t metrics_counter_delta(uint64_t prev, uint64_t cur, unsigned int bits)
{
	uint64_t max = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	uint64_t quarter = (max >> 2) + 1;

	if (cur >= prev)
		return cur - prev;
	if (prev <= max && prev >= max - quarter + 1 && cur < quarter)
		return max - prev + cur + 1;
	return cur;
}

void metrics_rate(const struct metrics_path *prev,
		  const struct metrics_path *cur, double secs,
		  struct metrics_rate *r)
{
	uint64_t sect;

	if (secs <= 0) {
		*r = (struct metrics_rate){ 0, prev->has_sectors &&
					       cur->has_sectors ? 0 : -1, 0 };
		return;
	}
	r->iops = (double)metrics_counter_delta(prev->ios, cur->ios,
						METRICS_BITS_U64) / secs;
	r->errps = (double)metrics_counter_delta(prev->errors, cur->errors,
						 METRICS_BITS_U64) / secs;
	r->mbps = -1;
	if (prev->has_sectors && cur->has_sectors) {
		sect = metrics_counter_delta(prev->rd_sectors, cur->rd_sectors,
					     METRICS_BITS_ULONG) +
		       metrics_counter_delta(prev->wr_sectors, cur->wr_sectors,
					     METRICS_BITS_ULONG);
		r->mbps = (double)sect * 512 / 1e6 / secs;
	}
}

struct metrics_path *metrics_find(const struct metrics_map *m,
				  unsigned int major, unsigned int minor)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i].major == major && m->paths[i].minor == minor)
			return &m->paths[i];
	return NULL;
}

unsigned int metrics_usable(const struct metrics_map *m)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		n += !strcmp(m->paths[i].state, "active");
	return n;
}

void metrics_free_maps(struct metrics_map *maps, size_t nr)
{
	size_t i;

	for (i = 0; maps && i < nr; i++) {
		free(maps[i].paths);
		free(maps[i].group_state);
	}
	free(maps);
}

/* A label value with \, " and newline escaped, as the format wants. */
static void put_label(FILE *out, const char *name, const char *v)
{
	fprintf(out, "%s=\"", name);
	for (; *v; v++) {
		if (*v == '\\' || *v == '"')
			fprintf(out, "\\%c", *v);
		else if (*v == '\n')
			fputs("\\n", out);
		else
			fputc(*v, out);
	}
	fputc('"', out);
}

static void map_labels(FILE *out, const struct metrics_map *m)
{
	put_label(out, "map", m->name);
}

static void path_labels(FILE *out, const struct metrics_map *m,
			const struct metrics_path *p)
{
	char devnum[24];

	snprintf(devnum, sizeof(devnum), "%u:%u", p->major, p->minor);
	put_label(out, "map", m->name);
	fputc(',', out);
	put_label(out, "path", devnum);
	fputc(',', out);
	put_label(out, "dev", p->dev);
}

static void family(FILE *out, const char *name, const char *type,
		   const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

enum pfield { P_IOS, P_ERRORS, P_FAILS, P_INFLIGHT, P_LATENCY, P_PRIO };

static const struct {
	const char *name, *type, *help;
	enum pfield f;
} path_families[] = {
	{ "mpath2_path_ios_total", "counter",
	  "Bios mpath2 sent down the path.", P_IOS },
	{ "mpath2_path_errors_total", "counter",
	  "Path errors seen by I/O on the path.", P_ERRORS },
	{ "mpath2_path_failures_total", "counter",
	  "Times the path was failed (the kernel's fail_count).", P_FAILS },
	{ "mpath2_path_in_flight", "gauge",
	  "Bios sent down the path and not completed yet.", P_INFLIGHT },
	{ "mpath2_path_latency_seconds", "gauge",
	  "Moving average of the completion time of a bio on the path.",
	  P_LATENCY },
	{ "mpath2_path_alua_priority", "gauge",
	  "The path's priority from the ALUA handler (paths with one).",
	  P_PRIO },
};

static const char *const states[] = { "active", "failed", "held", "blocked" };

static int known_state(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(s, states[i]))
			return 1;
	return 0;
}

static void print_path_value(FILE *out, const struct metrics_path *p,
			     enum pfield f)
{
	switch (f) {
	case P_IOS:
		fprintf(out, " %" PRIu64 "\n", p->out_ios);
		break;
	case P_ERRORS:
		fprintf(out, " %" PRIu64 "\n", p->out_errors);
		break;
	case P_FAILS:
		fprintf(out, " %" PRIu64 "\n", p->out_fail);
		break;
	case P_INFLIGHT:
		fprintf(out, " %" PRIu64 "\n", p->in_flight);
		break;
	case P_LATENCY:
		fprintf(out, " %" PRIu64 ".%09" PRIu64 "\n",
			p->latency_ns / 1000000000, p->latency_ns % 1000000000);
		break;
	case P_PRIO:
		fprintf(out, " %d\n", p->prio);
		break;
	}
}

void metrics_prom_print(FILE *out, const struct metrics_map *maps, size_t nr)
{
	const struct metrics_path *p;
	size_t i, j, k, f;

	family(out, "mpath2_map_info", "gauge",
	       "An mpath2 map: its dm device and WWID (always 1).");
	for (i = 0; i < nr; i++) {
		fputs("mpath2_map_info{", out);
		map_labels(out, &maps[i]);
		fputc(',', out);
		put_label(out, "dev", maps[i].dev);
		fputc(',', out);
		put_label(out, "wwid", maps[i].wwid);
		fputs("} 1\n", out);
	}
	family(out, "mpath2_map_paths", "gauge", "Paths in the map.");
	for (i = 0; i < nr; i++) {
		fputs("mpath2_map_paths{", out);
		map_labels(out, &maps[i]);
		fprintf(out, "} %zu\n", maps[i].nr_paths);
	}
	family(out, "mpath2_map_usable_paths", "gauge",
	       "Paths of the map I/O may use now (state active).");
	for (i = 0; i < nr; i++) {
		fputs("mpath2_map_usable_paths{", out);
		map_labels(out, &maps[i]);
		fprintf(out, "} %u\n", metrics_usable(&maps[i]));
	}
	family(out, "mpath2_map_queueing", "gauge",
	       "1 while the map holds I/O (no usable path with"
	       " queue_if_no_path, or a group being readied).");
	for (i = 0; i < nr; i++) {
		fputs("mpath2_map_queueing{", out);
		map_labels(out, &maps[i]);
		fprintf(out, "} %u\n", maps[i].queueing ? 1 : 0);
	}
	family(out, "mpath2_path_state", "gauge",
	       "The path's state: 1 for the one it is in.");
	for (i = 0; i < nr; i++) {
		for (j = 0; j < maps[i].nr_paths; j++) {
			p = &maps[i].paths[j];
			for (k = 0; k <= sizeof(states) / sizeof(states[0]); k++) {
				const char *s = k < sizeof(states) / sizeof(states[0]) ?
						states[k] : p->state;

				if (k == sizeof(states) / sizeof(states[0]) &&
				    known_state(s))
					break;
				fputs("mpath2_path_state{", out);
				path_labels(out, &maps[i], p);
				fputc(',', out);
				put_label(out, "state", s);
				fprintf(out, "} %d\n", !strcmp(s, p->state));
			}
		}
	}
	for (f = 0; f < sizeof(path_families) / sizeof(path_families[0]); f++) {
		family(out, path_families[f].name, path_families[f].type,
		       path_families[f].help);
		for (i = 0; i < nr; i++) {
			for (j = 0; j < maps[i].nr_paths; j++) {
				p = &maps[i].paths[j];
				if (path_families[f].f == P_PRIO &&
				    p->prio == PATH_STATS_NONE)
					continue;
				fprintf(out, "%s{", path_families[f].name);
				path_labels(out, &maps[i], p);
				fputc('}', out);
				print_path_value(out, p, path_families[f].f);
			}
		}
	}
}

int metrics_state_read(FILE *f, struct metrics_state *st)
{
	unsigned long long v[6];
	struct metrics_seen s, *grown;
	char line[512], map[128];
	int i;

	st->s = NULL;
	st->nr = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%127s %u:%u %llu %llu %llu %llu %llu %llu",
			   map, &s.major, &s.minor, &v[0], &v[1], &v[2], &v[3],
			   &v[4], &v[5]) != 9)
			continue;
		snprintf(s.map, sizeof(s.map), "%s", map);
		for (i = 0; i < 3; i++) {
			s.raw[i] = v[2 * i];
			s.out[i] = v[2 * i + 1];
		}
		grown = realloc(st->s, (st->nr + 1) * sizeof(*grown));
		if (!grown) {
			metrics_state_free(st);
			return -1;
		}
		st->s = grown;
		st->s[st->nr++] = s;
	}
	return 0;
}

static const struct metrics_seen *seen(const struct metrics_state *st,
				       const char *map, unsigned int major,
				       unsigned int minor)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		if (st->s[i].major == major && st->s[i].minor == minor &&
		    !strcmp(st->s[i].map, map))
			return &st->s[i];
	return NULL;
}

int metrics_state_apply(struct metrics_state *st, struct metrics_map *maps,
			size_t nr)
{
	static const unsigned int bits[3] = { METRICS_BITS_U64,
					      METRICS_BITS_U64,
					      METRICS_BITS_UINT };
	struct metrics_state next = { NULL, 0 };
	const struct metrics_seen *old;
	struct metrics_seen *s;
	struct metrics_path *p;
	uint64_t *out[3], raw[3];
	size_t i, j, total = 0;
	int k;

	for (i = 0; i < nr; i++)
		total += maps[i].nr_paths;
	if (total && !(next.s = calloc(total, sizeof(*next.s))))
		return -1;
	for (i = 0; i < nr; i++) {
		for (j = 0; j < maps[i].nr_paths; j++) {
			p = &maps[i].paths[j];
			raw[0] = p->ios;
			raw[1] = p->errors;
			raw[2] = p->fail_count;
			out[0] = &p->out_ios;
			out[1] = &p->out_errors;
			out[2] = &p->out_fail;
			old = seen(st, maps[i].name, p->major, p->minor);
			s = &next.s[next.nr++];
			snprintf(s->map, sizeof(s->map), "%s", maps[i].name);
			s->major = p->major;
			s->minor = p->minor;
			for (k = 0; k < 3; k++) {
				*out[k] = old ? old->out[k] +
					  metrics_counter_delta(old->raw[k],
								raw[k], bits[k]) :
					  raw[k];
				s->raw[k] = raw[k];
				s->out[k] = *out[k];
			}
		}
	}
	metrics_state_free(st);
	*st = next;
	return 0;
}

void metrics_state_write(FILE *f, const struct metrics_state *st)
{
	size_t i;

	for (i = 0; i < st->nr; i++)
		fprintf(f, "%s %u:%u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
			" %" PRIu64 " %" PRIu64 "\n", st->s[i].map,
			st->s[i].major, st->s[i].minor, st->s[i].raw[0],
			st->s[i].out[0], st->s[i].raw[1], st->s[i].out[1],
			st->s[i].raw[2], st->s[i].out[2]);
}

void metrics_state_free(struct metrics_state *st)
{
	free(st->s);
	st->s = NULL;
	st->nr = 0;
}
