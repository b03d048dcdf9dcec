// SPDX-License-Identifier: GPL-2.0-only
/*
 * pr_io.c's stand-in: a LUN with SPC-3 persistent reservation rules, so
 * far as mpath2ctl persist meets them (see fake_pr_io.h). Nothing is
 * ever sent to a device.
 */
#include <stdio.h>
#include <string.h>

#include "fake_pr_io.h"
#include "lib/pr_io.h"

struct fake_pr_lun fake_pr;

void fake_pr_reset(void)
{
	memset(&fake_pr, 0, sizeof(fake_pr));
	fake_pr.nexus[0].devnode = "/dev/sdb";
	fake_pr.nexus[1].devnode = "/dev/sdc";
	fake_pr.nexus[2].devnode = "/dev/sdi";
}

struct fake_pr_nexus *fake_pr_nexus(const char *devnode)
{
	int i;

	for (i = 0; i < FAKE_PR_NEXUS; i++)
		if (fake_pr.nexus[i].devnode &&
		    !strcmp(fake_pr.nexus[i].devnode, devnode))
			return &fake_pr.nexus[i];
	return NULL;
}

static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
	for (n--; n >= 0; n--, v >>= 8)
		p[n] = (unsigned char)v;
}

static int all_registrants(unsigned int type)
{
	return type == 7 || type == 8;
}

/* The nexus for @devnode, or an answer that is no LUN's (forced). */
static struct fake_pr_nexus *reach(const char *devnode, unsigned int tmo,
				   struct pr_answer *a)
{
	struct fake_pr_nexus *n = fake_pr_nexus(devnode);

	memset(a, 0, sizeof(*a));
	fake_pr.last_timeout_ms = tmo;
	if (!n) {
		a->outcome = PR_NOT_SENT;
		snprintf(a->why, sizeof(a->why), "%s: No such device", devnode);
		return NULL;
	}
	n->calls++;
	if (n->force == PR_NOT_SENT) {
		a->outcome = PR_NOT_SENT;
		snprintf(a->why, sizeof(a->why), "%s: No such device or address",
			 devnode);
		return NULL;
	}
	if (n->force == PR_NO_ANSWER) {
		pr_classify(a, 0, 0x03, 0, NULL, 0);	/* DID_TIME_OUT */
		return NULL;
	}
	if (n->ua) {
		/* 2a/04, RESERVATIONS RELEASED: the command did not run. */
		static const unsigned char ua[18] = { 0x70, 0, 0x06, 0, 0, 0, 0,
						      10, 0, 0, 0, 0, 0x2a, 0x04 };

		n->ua--;
		pr_classify(a, 0x02, 0, 0, ua, sizeof(ua));
		return NULL;
	}
	return n;
}

static void status(struct pr_answer *a, unsigned int st, unsigned int asc)
{
	unsigned char sense[18] = { 0x70, 0, 0x05, 0, 0, 0, 0, 10 };

	sense[12] = (unsigned char)asc;
	pr_classify(a, st, 0, 0, sense, sizeof(sense));
}

int pr_io_out(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	      const unsigned char param[PR_PARAM_LEN], unsigned int timeout_ms,
	      struct pr_answer *a)
{
	struct fake_pr_nexus *n = reach(devnode, timeout_ms, a);
	uint64_t key = be64(param), sa_key = be64(param + 8);
	unsigned int type = cdb[2] & 0x0f;
	int i, self;

	if (!n)
		return a->outcome == PR_NOT_SENT ? -1 : 0;
	self = (int)(n - fake_pr.nexus);
	if (cdb[0] != 0x5f || cdb[8] != PR_PARAM_LEN) {
		status(a, 0x02, 0x24);
		return 0;
	}
	if ((cdb[1] & 0x1f) != PR_REGISTER_IGNORE && n->key != key) {
		status(a, 0x18, 0);
		return 0;
	}
	switch (cdb[1] & 0x1f) {
	case PR_REGISTER_IGNORE:
		n->key = sa_key;
		if (!sa_key && fake_pr.reserved && fake_pr.resv_holder == self &&
		    !all_registrants(fake_pr.resv_type))
			fake_pr.reserved = 0;
		fake_pr.generation++;
		break;
	case PR_RESERVE:
		if (fake_pr.reserved && (fake_pr.resv_holder != self ||
					 fake_pr.resv_type != type) &&
		    !(all_registrants(fake_pr.resv_type) &&
		      fake_pr.resv_type == type)) {
			status(a, 0x18, 0);
			return 0;
		}
		if (!fake_pr.reserved) {
			fake_pr.reserved = 1;
			fake_pr.resv_key = key;
			fake_pr.resv_type = type;
			fake_pr.resv_holder = self;
		}
		break;
	case PR_RELEASE:
		if (fake_pr.reserved && (fake_pr.resv_holder == self ||
					 all_registrants(fake_pr.resv_type))) {
			if (fake_pr.resv_type != type) {
				status(a, 0x02, 0x26);	/* invalid release */
				return 0;
			}
			fake_pr.reserved = 0;
		}
		break;
	case PR_CLEAR:
		for (i = 0; i < FAKE_PR_NEXUS; i++)
			fake_pr.nexus[i].key = 0;
		fake_pr.reserved = 0;
		fake_pr.generation++;
		break;
	case PR_PREEMPT:
	case PR_PREEMPT_ABORT:
		for (i = 0; i < FAKE_PR_NEXUS; i++)
			if (i != self && fake_pr.nexus[i].key == sa_key)
				fake_pr.nexus[i].key = 0;
		if (fake_pr.reserved && fake_pr.resv_key == sa_key) {
			fake_pr.resv_key = key;
			fake_pr.resv_type = type;
			fake_pr.resv_holder = self;
		}
		fake_pr.generation++;
		break;
	default:
		status(a, 0x02, 0x24);
		return 0;
	}
	status(a, 0, 0);
	return 0;
}

int pr_io_in(const char *devnode, const unsigned char cdb[PR_CDB_LEN],
	     unsigned char *buf, size_t len, unsigned int timeout_ms,
	     struct pr_answer *a)
{
	struct fake_pr_nexus *n = reach(devnode, timeout_ms, a);
	unsigned char ans[8 + 8 * FAKE_PR_NEXUS] = { 0 };
	size_t alen = 8, k = 0;
	int i;

	memset(buf, 0, len);
	if (!n)
		return a->outcome == PR_NOT_SENT ? -1 : 0;
	put_be(ans, fake_pr.generation, 4);
	if ((cdb[1] & 0x1f) == PR_READ_KEYS) {
		for (i = 0; i < FAKE_PR_NEXUS; i++)
			if (fake_pr.nexus[i].key)
				put_be(ans + 8 + 8 * k++, fake_pr.nexus[i].key, 8);
		put_be(ans + 4, 8 * k, 4);
		alen = 8 + 8 * k;
	} else if (fake_pr.reserved) {
		put_be(ans + 4, 16, 4);
		put_be(ans + 8, fake_pr.resv_key, 8);
		ans[21] = (unsigned char)fake_pr.resv_type;
		alen = 24;
	}
	a->len = alen < len ? alen : len;
	memcpy(buf, ans, a->len);
	status(a, 0, 0);
	return 0;
}

int pr_io_ioctl(const char *devnode, enum pr_io_op op, uint64_t key,
		uint64_t sa_key, unsigned int type, int *ret, int *err_no,
		char *why, size_t whylen)
{
	snprintf(fake_pr.ioctl_node, sizeof(fake_pr.ioctl_node), "%s", devnode);
	fake_pr.ioctl_op = (int)op;
	fake_pr.ioctl_key = key;
	fake_pr.ioctl_sa_key = sa_key;
	fake_pr.ioctl_type = type;
	*ret = fake_pr.ioctl_ret;
	*err_no = fake_pr.ioctl_errno;
	(void)why;
	(void)whylen;
	return 0;
}
