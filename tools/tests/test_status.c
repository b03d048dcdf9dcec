// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser tests: the strings the kernel target prints, malformed strings
 * that must all be refused, and a deterministic mutation loop whose
 * output must either be refused or print back exactly as it was read.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/common_interface_defs.h>
#endif

#include "unit.h"
#include "table/status.h"

/* From the kernel target (trailing space included), and a few more. */
#define T1	"2 queue_mode bio 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 "
#define S1	"2 0 0 0 1 1 A 0 2 0 8:16 A 0 8:32 F 1 "
#define T2	"2 queue_mode bio 0 2 2 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 "
#define S2	"2 0 0 0 2 2 E 0 1 0 8:16 F 1 A 0 1 0 8:32 A 0 "
#define T_ST	"1 queue_if_no_path 1 alua 1 1 service-time 0 2 2 8:16 1 1 8:32 1 1 "
#define S_ST	"2 0 0 0 1 1 A 0 2 2 8:16 A 0 0 1 8:32 A 0 0 1 "
#define T_HST	"3 queue_if_no_path pg_init_retries 5 0 1 1 historical-service-time 2 972 1 1 1 8:16 0 "
#define S_HST	"2 1 4294967295 0 1 1 A 2 972 1 1 3 8:16 A 7 1000 2 0"
#define S_DIS	"2 0 0 0 2 1 A 0 1 0 8:16 A 0 D 0 1 0 8:32 A 0 "
#define T_NONE	"0 0 0 0 "
#define S_NONE	"2 0 0 0 0 0 "

/* --- printing a parsed map back, in the kernel's format ----------------- */

struct sbuf {
	char *p;
	size_t size, used;
};

__attribute__((format(printf, 2, 3)))
static void put(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p + b->used, b->size - b->used, fmt, ap);
	va_end(ap);
	b->used += (n < 0 || (size_t)n >= b->size - b->used) ?
		   b->size - b->used - 1 : (size_t)n;
}

static void put_list(struct sbuf *b, unsigned int n, char **words)
{
	unsigned int i;

	put(b, "%u ", n);
	for (i = 0; i < n; i++)
		put(b, "%s ", words[i]);
}

static void emit(const struct status_map *m, char *out, size_t size)
{
	struct sbuf b = { out, size, 0 };
	unsigned int g, p, i;

	out[0] = '\0';
	if (m->kind == MP_TABLE)
		put_list(&b, m->nr_features, m->features);
	else
		put(&b, "2 %u %u ", m->queue_io, m->pg_init_count);
	put_list(&b, m->nr_hw_args, m->hw_args);
	put(&b, "%u %u ", m->nr_groups, m->current_group);
	for (g = 0; g < m->nr_groups; g++) {
		const struct status_group *gr = &m->groups[g];

		if (m->kind == MP_TABLE)
			put(&b, "%s ", gr->selector);
		else
			put(&b, "%c ", gr->state);
		put_list(&b, gr->nr_ps_args, gr->ps_args);
		put(&b, "%u %u ", gr->nr_paths, gr->nr_path_args);
		for (p = 0; p < gr->nr_paths; p++) {
			const struct status_path *pa = &gr->paths[p];

			put(&b, "%u:%u ", pa->major, pa->minor);
			if (m->kind == MP_INFO)
				put(&b, "%c %u ", pa->state, pa->fail_count);
			for (i = 0; i < gr->nr_path_args; i++)
				put(&b, "%s ", pa->args[i]);
		}
	}
}

/* @s with its words separated by exactly one space, and one at the end. */
static void normalize(const char *s, char *out, size_t size)
{
	struct sbuf b = { out, size, 0 };
	size_t n;

	out[0] = '\0';
	while (*s) {
		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (n)
			put(&b, "%.*s ", (int)n, s);
		s += n;
	}
}

/* Parse @s; on success it must print back as it was written. */
static void roundtrip(enum status_kind kind, const char *s, struct status_map *m)
{
	char err[256], a[4096], b[4096];

	CHECK(!status_parse(kind, s, m, err, sizeof(err)), "refused: %s", err);
	emit(m, a, sizeof(a));
	normalize(s, b, sizeof(b));
	if (strcmp(a, b)) {
		status_free(m);
		fail_msg("printed back as '%s', read '%s'", a, b);
	}
}

/* --- the kernel's strings ------------------------------------------------- */

struct valid {
	const char *name;
	enum status_kind kind;
	const char *s;
	/* Checks beyond the round trip; NULL if none. */
	void (*check)(const struct status_map *m);
};

static void check_t1(const struct status_map *m)
{
	const struct status_group *g = &m->groups[0];

	CHECK(m->nr_features == 2 && !strcmp(m->features[0], "queue_mode") &&
	      !strcmp(m->features[1], "bio"), "features");
	CHECK(m->nr_hw_args == 0, "hw handler");
	CHECK(m->nr_groups == 1 && m->current_group == 1, "groups");
	CHECK(!strcmp(g->selector, "round-robin") && g->nr_ps_args == 0,
	      "selector");
	CHECK(g->nr_paths == 2 && g->nr_path_args == 1, "path counts");
	CHECK(g->paths[0].major == 8 && g->paths[0].minor == 16 &&
	      !strcmp(g->paths[0].args[0], "1"), "path 1");
	CHECK(g->paths[1].major == 8 && g->paths[1].minor == 32 &&
	      !strcmp(g->paths[1].args[0], "1"), "path 2");
}

static void check_s1(const struct status_map *m)
{
	const struct status_group *g = &m->groups[0];

	CHECK(m->queue_io == 0 && m->pg_init_count == 0, "queue_io/pg_init");
	CHECK(m->nr_hw_args == 0 && m->nr_groups == 1 && m->current_group == 1,
	      "header");
	CHECK(g->state == 'A' && g->nr_ps_args == 0 && g->nr_paths == 2 &&
	      g->nr_path_args == 0, "group");
	CHECK(g->paths[0].minor == 16 && g->paths[0].state == 'A' &&
	      g->paths[0].fail_count == 0, "path 1");
	CHECK(g->paths[1].minor == 32 && g->paths[1].state == 'F' &&
	      g->paths[1].fail_count == 1, "path 2");
}

static void check_t2(const struct status_map *m)
{
	CHECK(m->nr_groups == 2 && m->current_group == 2, "groups");
	CHECK(m->groups[0].nr_paths == 1 && m->groups[0].paths[0].minor == 16,
	      "group 1");
	CHECK(m->groups[1].nr_paths == 1 && m->groups[1].paths[0].minor == 32 &&
	      !strcmp(m->groups[1].selector, "round-robin"), "group 2");
}

static void check_s2(const struct status_map *m)
{
	const struct status_group *g1 = &m->groups[0], *g2 = &m->groups[1];

	CHECK(m->nr_groups == 2 && m->current_group == 2, "groups");
	CHECK(g1->state == 'E' && g1->paths[0].state == 'F' &&
	      g1->paths[0].fail_count == 1, "group 1");
	CHECK(g2->state == 'A' && g2->paths[0].state == 'A' &&
	      g2->paths[0].minor == 32, "group 2");
}

static void check_t_st(const struct status_map *m)
{
	const struct status_group *g = &m->groups[0];

	CHECK(m->nr_features == 1 && !strcmp(m->features[0], "queue_if_no_path"),
	      "features");
	CHECK(m->nr_hw_args == 1 && !strcmp(m->hw_args[0], "alua"), "handler");
	CHECK(!strcmp(g->selector, "service-time") && g->nr_path_args == 2,
	      "selector");
	CHECK(!strcmp(g->paths[1].args[0], "1") &&
	      !strcmp(g->paths[1].args[1], "1"), "path args");
}

static void check_s_st(const struct status_map *m)
{
	const struct status_path *p = &m->groups[0].paths[0];

	CHECK(m->groups[0].nr_path_args == 2, "info args");
	CHECK(p->state == 'A' && p->fail_count == 0 &&
	      !strcmp(p->args[0], "0") && !strcmp(p->args[1], "1"), "path 1");
}

static void check_s_hst(const struct status_map *m)
{
	const struct status_group *g = &m->groups[0];

	CHECK(m->queue_io == 1 && m->pg_init_count == 4294967295U, "header");
	CHECK(g->nr_ps_args == 2 && !strcmp(g->ps_args[0], "972") &&
	      !strcmp(g->ps_args[1], "1"), "group args");
	CHECK(g->paths[0].fail_count == 7 && !strcmp(g->paths[0].args[1], "2"),
	      "path");
}

static void check_s_dis(const struct status_map *m)
{
	CHECK(m->groups[0].state == 'A' && m->groups[1].state == 'D', "states");
	CHECK(m->current_group == 1, "current group");
}

static void check_none(const struct status_map *m)
{
	CHECK(m->nr_groups == 0 && m->current_group == 0, "groups");
}

static const struct valid valid[] = {
	{ "table_one_group", MP_TABLE, T1, check_t1 },
	{ "status_one_group", MP_INFO, S1, check_s1 },
	{ "table_two_groups", MP_TABLE, T2, check_t2 },
	{ "status_two_groups", MP_INFO, S2, check_s2 },
	{ "table_service_time_alua", MP_TABLE, T_ST, check_t_st },
	{ "status_service_time", MP_INFO, S_ST, check_s_st },
	{ "table_hst_pg_init_retries", MP_TABLE, T_HST, NULL },
	{ "status_hst_no_trailing_space", MP_INFO, S_HST, check_s_hst },
	{ "status_disabled_group", MP_INFO, S_DIS, check_s_dis },
	{ "table_no_groups", MP_TABLE, T_NONE, check_none },
	{ "status_no_groups", MP_INFO, S_NONE, check_none },
	{ "status_extra_whitespace", MP_INFO,
	  "  2 0 0\t0 1 1 A 0 2 0 8:16 A 0 8:32 F 1\n", check_s1 },
};

static void valid_case(void **state)
{
	const struct valid *v = *state;
	struct status_map m;

	roundtrip(v->kind, v->s, &m);
	if (v->check)
		v->check(&m);
	status_free(&m);
}

/* --- malformed strings ------------------------------------------------------ */

struct bad {
	const char *name;
	enum status_kind kind;
	const char *s;
};

static const struct bad bad[] = {
	{ "null", MP_INFO, NULL },
	{ "empty", MP_INFO, "" },
	{ "blank", MP_TABLE, "  \t " },
	{ "truncated_header", MP_INFO, "2 0 0" },
	{ "truncated_table_path_arg", MP_TABLE,
	  "2 queue_mode bio 0 1 1 round-robin 0 2 1 8:16 1 8:32" },
	{ "truncated_status_fail_count", MP_INFO,
	  "2 0 0 0 1 1 A 0 2 0 8:16 A 0 8:32 F" },
	{ "truncated_mid_word", MP_INFO, "2 0 0 0 1 1 A 0 2 0 8:16 A 0 8:3" },
	{ "missing_group", MP_INFO, "2 0 0 0 2 1 A 0 1 0 8:16 A 0 " },
	{ "missing_path", MP_TABLE,
	  "2 queue_mode bio 0 1 1 round-robin 0 3 1 8:16 1 8:32 1 " },
	{ "zero_paths", MP_INFO, "2 0 0 0 1 1 A 0 0 0 " },
	{ "groups_over_1024", MP_INFO, "2 0 0 0 1025 1 A 0 1 0 8:16 A 0 " },
	{ "paths_over_1024", MP_INFO, "2 0 0 0 1 1 A 0 1025 0 8:16 A 0 " },
	{ "paths_past_end", MP_INFO, "2 0 0 0 1 1 A 0 999 0 8:16 A 0 " },
	{ "path_args_uint_max", MP_INFO,
	  "2 0 0 0 1 1 A 0 1 4294967295 8:16 A 0 " },
	{ "selector_args_past_end", MP_TABLE,
	  "0 0 1 1 round-robin 1000 1 1 8:16 1 " },
	{ "selector_args_20_digits", MP_TABLE,
	  "0 0 1 1 round-robin 99999999999999999999 1 1 8:16 1 " },
	{ "hw_args_past_end", MP_INFO, "2 0 0 1024 0 0 " },
	{ "table_features_over_16", MP_TABLE,
	  "17 a b c d e f g h i j k l m n o p q 0 0 0 " },
	{ "status_features_not_2", MP_INFO, "3 0 0 0 0 0 0 " },
	{ "queue_io_2", MP_INFO, "2 2 0 0 0 0 " },
	{ "negative_count", MP_INFO, "2 0 0 0 1 1 A 0 -1 0 8:16 A 0 " },
	{ "plus_sign", MP_INFO, "2 0 0 0 1 1 A 0 +1 0 8:16 A 0 " },
	{ "word_for_number", MP_INFO, "2 0 0 0 1 1 A 0 two 0 8:16 A 0 " },
	{ "negative_fail_count", MP_INFO, "2 0 0 0 1 1 A 0 1 0 8:16 A -1 " },
	{ "fail_count_over_uint", MP_INFO,
	  "2 0 0 0 1 1 A 0 1 0 8:16 A 4294967296 " },
	{ "group_state_X", MP_INFO, "2 0 0 0 1 1 X 0 1 0 8:16 A 0 " },
	{ "group_state_lowercase", MP_INFO, "2 0 0 0 1 1 a 0 1 0 8:16 A 0 " },
	{ "group_state_two_letters", MP_INFO, "2 0 0 0 1 1 AE 0 1 0 8:16 A 0 " },
	{ "path_state_E", MP_INFO, "2 0 0 0 1 1 A 0 1 0 8:16 E 0 " },
	{ "two_active_groups", MP_INFO,
	  "2 0 0 0 2 1 A 0 1 0 8:16 A 0 A 0 1 0 8:32 A 0 " },
	{ "dev_no_colon", MP_TABLE, "0 0 1 1 round-robin 0 1 0 816 " },
	{ "dev_no_minor", MP_TABLE, "0 0 1 1 round-robin 0 1 0 8: " },
	{ "dev_no_major", MP_TABLE, "0 0 1 1 round-robin 0 1 0 :16 " },
	{ "dev_two_colons", MP_TABLE, "0 0 1 1 round-robin 0 1 0 8:16:1 " },
	{ "dev_major_4096", MP_TABLE, "0 0 1 1 round-robin 0 1 0 4096:0 " },
	{ "dev_minor_2_20", MP_TABLE, "0 0 1 1 round-robin 0 1 0 8:1048576 " },
	{ "dev_path_name", MP_TABLE, "0 0 1 1 round-robin 0 1 0 /dev/sdb " },
	{ "current_group_0", MP_INFO, "2 0 0 0 1 0 A 0 1 0 8:16 A 0 " },
	{ "current_group_too_big", MP_INFO, "2 0 0 0 1 2 A 0 1 0 8:16 A 0 " },
	{ "current_group_without_groups", MP_TABLE, "0 0 0 1 " },
	{ "selector_is_number", MP_TABLE, "0 0 1 1 7 0 1 0 8:16 " },
	{ "handler_is_number", MP_TABLE, "0 1 5 1 1 round-robin 0 1 0 8:16 " },
	{ "trailing_word", MP_INFO, S1 "extra " },
	{ "trailing_number", MP_TABLE, T1 "0 " },
	{ "control_character", MP_INFO, "2 0 0 0 0 0 \x01" },
	{ "non_ascii", MP_TABLE, "0 0 1 1 round-r\xc3\xb6" "bin 0 1 0 8:16 " },
	{ "table_read_as_status", MP_INFO, T1 },
	{ "status_read_as_table", MP_TABLE, S1 },
};

static void bad_case(void **state)
{
	const struct bad *b = *state;
	struct status_map m;
	char err[256] = "";

	if (!status_parse(b->kind, b->s, &m, err, sizeof(err))) {
		status_free(&m);
		fail_msg("accepted");
	}
	CHECK(err[0], "refused without a reason");
	CHECK(!m.words && !m.buf && !m.groups && !m.nr_groups,
	      "refused but left data behind");
	status_free(&m);	/* must be harmless on a refused map */
}

/* --- mutations ------------------------------------------------------------------ */

#define MUTATIONS	2000
#define MAX_WORDS	128

struct seed {
	const char *name;
	const char *s;
	uint32_t rng;
};

static const struct seed seeds[] = {
	{ "t1", T1, 1 }, { "s1", S1, 2 }, { "t2", T2, 3 }, { "s2", S2, 4 },
	{ "t_service_time", T_ST, 5 }, { "s_service_time", S_ST, 6 },
	{ "t_hst", T_HST, 7 }, { "s_hst", S_HST, 8 },
};

/* Words that probe the bounds: huge, negative, just over a limit. */
static const char *const nasty[] = {
	"0", "1", "2", "3", "1023", "1024", "1025", "4294967295", "4294967296",
	"18446744073709551616", "99999999999999999999999999", "-1",
	"-2147483648", "A", "E", "D", "F", "X", "8:16", "0:0", "4095:1048575",
	"4096:0", ":", "round-robin", "",
};

#define NR_NASTY ARRAY_SIZE(nasty)

static const char *current_input;	/* for the sanitizer's last words */

#ifdef __SANITIZE_ADDRESS__
static void print_input(void)
{
	fprintf(stderr, "mutation loop: input was '%s'\n",
		current_input ? current_input : "(none)");
}
#endif

static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;		/* xorshift32: deterministic everywhere */
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static size_t split_words(char *s, const char **w)
{
	size_t n = 0;
	char *save, *p;

	for (p = strtok_r(s, " ", &save); p && n < MAX_WORDS;
	     p = strtok_r(NULL, " ", &save))
		w[n++] = p;
	return n;
}

static size_t mutate(const char **w, size_t n, uint32_t *x)
{
	size_t i = n ? next_rand(x) % n : 0, j = n ? next_rand(x) % n : 0;
	const char *t;

	switch (next_rand(x) % 5) {
	case 0:		/* drop a word */
		if (n) {
			memmove(&w[i], &w[i + 1], (n - i - 1) * sizeof(*w));
			n--;
		}
		break;
	case 1:		/* duplicate a word */
		if (n && n < MAX_WORDS) {
			memmove(&w[i + 1], &w[i], (n - i) * sizeof(*w));
			n++;
		}
		break;
	case 2:		/* swap two words */
		if (n) {
			t = w[i];
			w[i] = w[j];
			w[j] = t;
		}
		break;
	default:	/* replace a word by a nasty one */
		if (n)
			w[i] = nasty[next_rand(x) % NR_NASTY];
		break;
	}
	return n;
}

static void mutate_case(void **state)
{
	const struct seed *seed = *state;
	char copy[1024], in[4096], err[256];
	const char *w[MAX_WORDS];
	uint32_t x = seed->rng * 2654435761U;
	unsigned int iter, refused = 0;
	struct sbuf b;
	size_t n, i, k;
	int kind;

#ifdef __SANITIZE_ADDRESS__
	__sanitizer_set_death_callback(print_input);
#endif
	for (iter = 0; iter < MUTATIONS; iter++) {
		snprintf(copy, sizeof(copy), "%s", seed->s);
		n = split_words(copy, w);
		for (k = 1 + next_rand(&x) % 3; k; k--)
			n = mutate(w, n, &x);
		b = (struct sbuf){ in, sizeof(in), 0 };
		in[0] = '\0';
		for (i = 0; i < n; i++)
			put(&b, "%s ", w[i]);
		if (next_rand(&x) % 8 == 0)	/* cut anywhere, mid-word too */
			in[next_rand(&x) % (b.used + 1)] = '\0';
		current_input = in;

		for (kind = MP_TABLE; kind <= MP_INFO; kind++) {
			struct status_map m;

			if (status_parse(kind, in, &m, err, sizeof(err))) {
				refused++;
				CHECK(err[0] && !m.words, "bad refusal of '%s'", in);
				continue;
			}
			status_free(&m);
			/* Accepted: then it must read back exactly. */
			roundtrip(kind, in, &m);
			status_free(&m);
		}
	}
	CHECK(refused > MUTATIONS / 2, "only %u of %u refused: weak mutations",
	      refused, 2U * MUTATIONS);
}

void status_tests(void)
{
	char name[128];
	size_t i;

	UNIT_TABLE("tools/status/valid", valid_case, valid);
	UNIT_TABLE("tools/status/malformed", bad_case, bad);
	for (i = 0; i < ARRAY_SIZE(seeds); i++) {
		snprintf(name, sizeof(name), "tools/status/mutate/%s_x%d",
			 seeds[i].name, MUTATIONS);
		unit_case(name, mutate_case, &seeds[i]);
	}
}
