// SPDX-License-Identifier: GPL-2.0-only
/* Probe (kmod/compat.mk): the WQ_PERCPU workqueue flag exists (6.17). */
#include <linux/workqueue.h>

unsigned int mpath2_probe_wq_percpu(void);

unsigned int mpath2_probe_wq_percpu(void)
{
	return WQ_PERCPU;
}
