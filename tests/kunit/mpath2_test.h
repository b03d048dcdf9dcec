/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by mpath2's KUnit suites: real mapped devices built with
 * dm core's internal API (the tests are built into the UML kernel), a test
 * path target whose errors the tests control, and block I/O helpers.
 */
#ifndef MPATH2_TEST_H
#define MPATH2_TEST_H

#include <kunit/test.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/device-mapper.h>

#include "test_compat.h"

/* brd RAM disks built into the UML kernel: /dev/ramN is 1:N. */
#define TEST_RAM_MAJOR	1
#define TEST_DEV_SECTORS 2048	/* 1 MiB: every test map is this long */

struct test_dm {
	struct mapped_device *md;
	struct block_device *bdev;	/* open for I/O, or NULL */
	char devt[16];			/* "major:minor" */
};

/*
 * Create a mapped device with one target. Returns 0 or the constructor's
 * error, with its ti->error in *error when given.
 */
int test_dm_create(struct test_dm *d, const char *type, const char *params,
		   const char **error);
/* Load a new table into a live device (suspend, swap, resume). */
int test_dm_reload(struct test_dm *d, const char *type, const char *params,
		   const char **error);
void test_dm_destroy(struct test_dm *d);

/* Try a table on a scratch device; returns 0 or the ctr error + text. */
int test_dm_try_table(const char *type, const char *params,
		      const char **error);
/* The same on an existing device, which is left as it was. */
int test_dm_try_table_on(struct mapped_device *md, const char *type,
			 const char *params, const char **error);

/*
 * The live table's single target, or NULL. Valid while the test neither
 * reloads nor destroys the device (tests reach target internals with it).
 */
struct dm_target *test_dm_target(struct test_dm *d);

/* The device's single target, for status and message calls. */
void test_dm_status(struct test_dm *d, status_type_t type, char *buf,
		    unsigned int len);
int test_dm_message(struct test_dm *d, const char *msg);
/* A message that answers: its text in @result. */
int test_dm_message_result(struct test_dm *d, const char *msg, char *result,
			   unsigned int maxlen);

/*
 * Set the device's capacity (a path's disk gone: del_gendisk() sets 0);
 * returns the capacity it had.
 */
sector_t test_dm_set_capacity(struct test_dm *d, sector_t sectors);

/* One page of synchronous I/O at a sector; returns a negative errno. */
int test_bdev_rw(struct block_device *bdev, blk_opf_t op, sector_t sector,
		 struct page *page);
int test_dm_rw(struct test_dm *d, blk_opf_t op, sector_t sector,
	       struct page *page);

/*
 * A table line and the ti->error it must be refused with (NULL: it must be
 * accepted), for KUNIT_ARRAY_PARAM suites; test_table_case_check() tries
 * it on a scratch device. A refusal must be a negative errno, and exactly
 * -EINVAL when @einval is set.
 */
struct test_table_case {
	const char *params;
	const char *error;
};

void test_table_case_desc(const struct test_table_case *c, char *desc);
void test_table_case_check(struct kunit *test, const struct test_table_case *c,
			   bool einval);

/*
 * The test path target "mpath2_test_path": `<dev> <id>` remaps to <dev>
 * and counts bios, or completes them with the status set for <id>.
 * With delay_us set, each bio's completion is held back that long (a slow
 * path; timer granularity applies, 10 ms at UML's HZ=100).
 */
#define TEST_PATH_IDS 8

struct test_path_ctl {
	atomic_t bios;
	blk_status_t fail_with;		/* BLK_STS_OK: pass bios through */
	unsigned int delay_us;		/* 0: complete at once */
	blk_status_t fail_late;		/* a held bio's status when let go */
};

extern struct test_path_ctl test_paths[TEST_PATH_IDS];

int test_path_register(void);
void test_path_unregister(void);
void test_paths_reset(void);
/*
 * Slow path I/O: @nr one-page reads sent at once to @bdev (a map over test
 * paths 0 and 1) while path @slow holds each bio @delay_us, all waited
 * for. Counts in @bios[0..1] what each path received; returns the number
 * of reads that failed.
 */
int test_path_slow_burst(struct kunit *test, struct block_device *bdev,
			 struct page *page, unsigned int nr, unsigned int slow,
			 unsigned int delay_us, unsigned int *bios);

/*
 * The test LUN (test_lun.c): brd /dev/ram2 reached through three test
 * paths (ids 0, 1 and 2) and an mpath2 map over them. Use test_lun_init/exit as a
 * suite's init/exit and test_lun_suite_init/exit as its suite_init/exit.
 */
#define NR_BLOCKS	64	/* 4 KiB blocks written by test_lun_write() */

#define TEST_LUN_PATHS	3

struct test_lun {
	struct test_dm path[TEST_LUN_PATHS];
	struct test_dm map;
	struct block_device *lun;
	struct page *page;
};

int test_lun_init(struct kunit *test);
void test_lun_exit(struct kunit *test);
int test_lun_suite_init(struct kunit_suite *suite);
void test_lun_suite_exit(struct kunit_suite *suite);
/* @fmt takes the paths' maj:min as %s, in order; it may use fewer. */
void test_lun_map(struct kunit *test, struct test_lun *f, const char *fmt);
void test_lun_rr_map(struct kunit *test, struct test_lun *f);
/* Write NR_BLOCKS distinct blocks through the map; all must succeed. */
void test_lun_write(struct kunit *test, struct test_lun *f, u32 seed);
/* Every block written with @seed is on the LUN, whichever path carried it. */
void test_lun_expect_blocks(struct kunit *test, struct test_lun *f, u32 seed);
/* Status or table equals @fmt with the two paths' maj:min filled in. */
void test_lun_expect_status(struct kunit *test, struct test_lun *f,
			    status_type_t type, const char *fmt);
/* Reads with path 1, then path 0, slowed: the other gets >= 4x as many. */
void test_lun_expect_slow_path_avoided(struct kunit *test, struct test_lun *f);
/* "<word> <maj:min of path>" to the map. */
int test_lun_path_message(struct test_lun *f, const char *word,
			  unsigned int path);
unsigned int test_path_bios(unsigned int path);
void test_fill(struct page *page, u32 seed);
bool test_check(struct page *page, u32 seed);

/* One page of asynchronous I/O, for bios a map holds. */
struct test_aio {
	struct completion done;
	blk_status_t status;
};

void test_aio_submit(struct test_aio *a, struct block_device *bdev,
		     blk_opf_t op, sector_t sector, struct page *page);
/* The bio's errno once complete, or -ETIMEDOUT after @msecs. */
int test_aio_wait(struct test_aio *a, unsigned int msecs);
/* Still not complete after sleeping @msecs? */
bool test_aio_pending(struct test_aio *a, unsigned int msecs);

#endif /* MPATH2_TEST_H */
