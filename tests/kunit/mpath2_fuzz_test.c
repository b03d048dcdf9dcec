// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_fuzz: mutated table lines and messages, fed to the constructor and
 * the message handler directly. Every one must be accepted or refused with
 * an error; none may crash, hang or leave the map unusable.
 *
 * Mutations start from valid lines: words dropped, repeated and swapped,
 * numbers replaced by huge, negative and malformed ones, lines cut short.
 * The generator is seeded, so a failure reproduces.
 */
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/panic.h>

#include "dm.h"
#include "mpath2_test.h"

#define FUZZ_TABLES	10000
#define FUZZ_MESSAGES	5000
#define MAX_WORDS	40
#define LINE_LEN	512
#define FUZZ_MAP \
	"1 queue_if_no_path 0 2 1 round-robin 0 1 0 %s round-robin 0 1 0 %s"

static const char *const table_seeds[] = {
	"0 0 1 1 round-robin 0 2 1 1:0 1 1:1 1",
	"2 queue_mode bio 0 2 2 round-robin 0 1 0 1:0 round-robin 0 1 1 1:1 5",
	"3 queue_if_no_path no_path_timeout 30 0 1 1 round-robin 0 2 0 1:0 /dev/ram1",
	"0 0 0 0",
};

static const char *const message_seeds[] = {
	"fail_path %s", "reinstate_path %s", "switch_group 1", "switch_group 2",
	"disable_group 1", "enable_group 2", "queue_if_no_path",
	"fail_if_no_path",
};

/* Words a mutation may put in place of another. */
static const char *const nasty[] = {
	"0", "1", "2", "-1", "4294967295", "4294967296", "18446744073709551616",
	"99999999999999999999999", "1025", "x", "", "0x10", "1e3", " ", "%s%n",
	"queue_if_no_path", "no_path_timeout", "queue_mode", "round-robin",
	"1:0", "1:1", "1:2", "0:0", "/dev/ram0", "/dev/null", "rq", "bio",
	"fail_path", "switch_group",
};

static u32 fuzz_state;

static u32 fuzz_next(void)
{
	/* xorshift32: small, deterministic, good enough to pick mutations. */
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 17;
	fuzz_state ^= fuzz_state << 5;
	return fuzz_state;
}

static u32 fuzz_below(u32 n)
{
	return n ? fuzz_next() % n : 0;
}

/*
 * Every refusal logs a line, and UML's console drops output it cannot
 * write at once into kunit.py's pipe, which would cut the results short:
 * pause now and then so the reader keeps up.
 */
static void let_console_drain(unsigned int i)
{
	if (i % 32 == 31)
		usleep_range(5000, 10000);
	else
		cond_resched();
}

/*
 * A campaign must not WARN or upset lockdep (which turns itself off after
 * its first report); KASAN reports fail the running test by themselves.
 */
static void check_kernel_state(struct kunit *test, bool locks_were_on)
{
	KUNIT_EXPECT_FALSE_MSG(test, test_taint(TAINT_WARN),
			       "the kernel is tainted by a WARN");
	KUNIT_EXPECT_EQ_MSG(test, debug_locks, locks_were_on,
			    "lockdep reported a problem during the campaign");
}

/* Split @buf in place into at most MAX_WORDS words. */
static unsigned int split(char *buf, const char **words)
{
	unsigned int n = 0;
	char *word;

	while ((word = strsep(&buf, " ")) && n < MAX_WORDS)
		if (*word)
			words[n++] = word;
	return n;
}

/* Apply 1-3 random mutations to @seed and write the result to @out. */
static void mutate(const char *seed, char *out)
{
	const char *words[MAX_WORDS + 4];
	char buf[LINE_LEN];
	unsigned int n, i, k, rounds;
	size_t len = 0;

	strscpy(buf, seed, sizeof(buf));
	n = split(buf, words);
	rounds = 1 + fuzz_below(3);
	while (rounds--) {
		i = fuzz_below(n);
		switch (fuzz_below(6)) {
		case 0:		/* drop a word */
			if (n) {
				memmove(&words[i], &words[i + 1],
					(n - i - 1) * sizeof(*words));
				n--;
			}
			break;
		case 1:		/* repeat a word */
			if (n && n < MAX_WORDS) {
				memmove(&words[i + 1], &words[i],
					(n - i) * sizeof(*words));
				n++;
			}
			break;
		case 2:		/* swap two words */
			k = fuzz_below(n);
			if (n)
				swap(words[i], words[k]);
			break;
		case 3:		/* cut the line short */
			n = i;
			break;
		case 4:		/* append a word */
			if (n < MAX_WORDS)
				words[n++] = nasty[fuzz_below(ARRAY_SIZE(nasty))];
			break;
		default:	/* replace a word */
			if (n)
				words[i] = nasty[fuzz_below(ARRAY_SIZE(nasty))];
			break;
		}
	}
	out[0] = '\0';
	for (i = 0; i < n && len < LINE_LEN - 1; i++)
		len += scnprintf(out + len, LINE_LEN - len, i ? " %s" : "%s",
				 words[i]);
}

static void mpath2_fuzz_table_lines(struct kunit *test)
{
	unsigned int i, accepted = 0, refused = 0;
	bool locks = debug_locks;
	struct mapped_device *md;
	const char *error;
	char *line;
	int r;

	line = kunit_kzalloc(test, LINE_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, line);
	KUNIT_ASSERT_EQ(test, dm_create(DM_ANY_MINOR, &md), 0);
	fuzz_state = 0x6d706174;	/* "mpat" */
	for (i = 0; i < FUZZ_TABLES; i++) {
		mutate(table_seeds[fuzz_below(ARRAY_SIZE(table_seeds))], line);
		r = test_dm_try_table_on(md, "mpath2", line, &error);
		if (!r) {
			accepted++;
			let_console_drain(i);
			continue;
		}
		refused++;
		KUNIT_EXPECT_NOT_NULL_MSG(test, error, "'%s': no error", line);
		KUNIT_EXPECT_LT_MSG(test, r, 0, "'%s'", line);
		let_console_drain(i);
	}
	check_kernel_state(test, locks);
	dm_put(md);
	dm_destroy(md);
	kunit_info(test, "%u table lines: %u accepted, %u refused\n",
		   FUZZ_TABLES, accepted, refused);
	/* The mutations must exercise both outcomes to mean anything. */
	KUNIT_EXPECT_GT(test, accepted, 100U);
	KUNIT_EXPECT_GT(test, refused, FUZZ_TABLES / 2);
}

static void mpath2_fuzz_messages(struct kunit *test)
{
	struct test_lun *f = test->priv;
	unsigned int i, accepted = 0;
	bool locks = debug_locks;
	char seed[64], *line;

	line = kunit_kzalloc(test, LINE_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, line);
	test_lun_map(test, f, FUZZ_MAP);
	fuzz_state = 0x6d736773;	/* "msgs" */
	for (i = 0; i < FUZZ_MESSAGES; i++) {
		snprintf(seed, sizeof(seed),
			 message_seeds[fuzz_below(ARRAY_SIZE(message_seeds))],
			 f->path[fuzz_below(2)].devt);
		if (fuzz_below(4))
			mutate(seed, line);
		else
			strscpy(line, seed, LINE_LEN);
		if (!test_dm_message(&f->map, line))
			accepted++;
		let_console_drain(i);
	}
	check_kernel_state(test, locks);
	kunit_info(test, "%u messages: %u accepted\n", FUZZ_MESSAGES, accepted);
	KUNIT_EXPECT_GT(test, accepted, 100U);

	/* Whatever state that left, the map recovers and carries I/O. */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 1), 0);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "enable_group 1"), 0);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "enable_group 2"), 0);
	test_lun_write(test, f, 31);
	test_lun_expect_blocks(test, f, 31);
}

static struct kunit_case mpath2_fuzz_cases[] = {
	KUNIT_CASE(mpath2_fuzz_table_lines),
	KUNIT_CASE(mpath2_fuzz_messages),
	{}
};

static struct kunit_suite mpath2_fuzz_suite = {
	.name = "mpath2_fuzz",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_fuzz_cases,
};

kunit_test_suite(mpath2_fuzz_suite);
