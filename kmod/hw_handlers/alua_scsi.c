// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler's SCSI layer: finding a path's SCSI device, its port
 * group (VPD page 0x83), REPORT TARGET PORT GROUPS and SET TARGET PORT
 * GROUPS, and scsi_dh_alua's activation. Everything reaches the device
 * through one small ops table (struct alua_scsi_ops), the real one here,
 * a scripted array in KUnit. The commands run only from the handler's
 * port work items, in process context, never under a lock.
 */
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_dh.h>
#include <scsi/scsi_proto.h>

#include "../compat.h"
#include "alua.h"

/* Unit attentions answered in a row before this round gives up. */
#define ALUA_UA_TRIES		16
/* Transient answers (BUSY...) in a row, ALUA_BUSY_WAIT_MS apart. */
#define ALUA_BUSY_TRIES		5
#define ALUA_BUSY_WAIT_MS	200

/* ---- the real SCSI layer ---- */

/*
 * The SCSI device behind a path, with a reference, or NULL (not a SCSI
 * disk, or going away). An sd disk's device is a child of its
 * scsi_device's.
 */
static struct scsi_device *get_sdev(struct block_device *bdev)
{
	struct device *parent = disk_to_dev(bdev->bd_disk)->parent;
	struct scsi_device *sdev;

	if (!parent || !scsi_is_sdev_device(parent))
		return NULL;
	sdev = to_scsi_device(parent);
	if (scsi_device_get(sdev))
		return NULL;
	return sdev;
}

static bool real_kernel_dh(struct alua_path *ap)
{
	const char *dh;
	bool alua;

	dh = scsi_dh_attached_handler_name(ap->sdev->request_queue,
					   GFP_NOIO);
	alua = dh && !strcmp(dh, "alua");
	kfree(dh);
	return alua;
}

static void real_attach(struct alua_path *ap, struct block_device *bdev)
{
	struct scsi_device *sdev = get_sdev(bdev);

	if (!sdev)
		return;		/* not SCSI: like a device without ALUA */
	ap->sdev = sdev;
	ap->tpgs = sdev->inquiry ? alua_parse_tpgs(sdev->inquiry,
						   sdev->inquiry_len) : 0;
	if (ap->tpgs < 0)
		ap->tpgs = 0;
	ap->kernel_dh = real_kernel_dh(ap);
}

static void real_detach(struct alua_path *ap)
{
	if (ap->sdev)
		scsi_device_put(ap->sdev);
	ap->sdev = NULL;
}

/*
 * Only a running device gets a command: one the transport has blocked
 * (an iSCSI session in recovery) would keep it until the session comes
 * back or replacement_timeout (120 s by default) runs out.
 */
static bool real_ready(struct alua_path *ap)
{
	return READ_ONCE(ap->sdev->sdev_state) == SDEV_RUNNING;
}

/* VPD page 0x83 read now, as long as the device says it is. */
static int read_vpd83(struct scsi_device *sdev, struct alua_port_id *id)
{
	unsigned int len = 256;
	u8 *page;
	int r;

	for (;;) {
		page = kmalloc(len, GFP_NOIO);
		if (!page)
			return -ENOMEM;
		r = scsi_get_vpd_page(sdev, 0x83, page, len);
		if (r)
			break;
		if (4 + get_unaligned_be16(page + 2) <= len ||
		    len >= 4 + 0xffff) {
			r = alua_parse_vpd83(page, len, id);
			break;
		}
		len = 4 + get_unaligned_be16(page + 2);
		kfree(page);
	}
	kfree(page);
	return r;
}

static int real_read_port(struct alua_path *ap, bool fresh,
			  struct alua_port_id *id)
{
	int group, rel = 0;

	if (fresh)
		return read_vpd83(ap->sdev, id);
	/* The page the SCSI layer keeps (read whole at scan and rescan). */
	group = scsi_vpd_tpg_id(ap->sdev, &rel);
	if (group < 0)
		return read_vpd83(ap->sdev, id);
	id->group = group;
	id->rel_port = rel;
	return 0;
}

static int real_exec(struct alua_path *ap, const u8 *cdb, bool to_dev,
		     void *buf, unsigned int len, unsigned int timeout,
		     struct scsi_sense_hdr *sshdr)
{
	return mpath2_scsi_exec(ap->sdev, cdb, to_dev, buf, len, timeout,
				sshdr);
}

struct dh_wait {
	struct completion done;
	int err;
};

static void dh_done(void *data, int err)
{
	struct dh_wait *w = data;

	w->err = err;
	complete(&w->done);
}

/*
 * scsi_dh_alua's own RTPG and STPG. Waited for in the port's work only:
 * scsi_dh_alua bounds the activation itself (its transition timeout).
 */
static int real_dh_activate(struct alua_path *ap)
{
	struct dh_wait w = { .err = SCSI_DH_OK };

	init_completion(&w.done);
	scsi_dh_activate(ap->sdev->request_queue, dh_done, &w);
	wait_for_completion(&w.done);
	return w.err;
}

static u8 real_dh_state(struct alua_path *ap)
{
	return READ_ONCE(ap->sdev->access_state) & SCSI_ACCESS_STATE_MASK;
}

const struct alua_scsi_ops alua_scsi_real_ops = {
	.attach		= real_attach,
	.detach		= real_detach,
	.kernel_dh	= real_kernel_dh,
	.ready		= real_ready,
	.read_port	= real_read_port,
	.exec		= real_exec,
	.dh_activate	= real_dh_activate,
	.dh_state	= real_dh_state,
};

static const struct alua_scsi_ops *scsi_ops = &alua_scsi_real_ops;

void alua_set_scsi_ops(const struct alua_scsi_ops *ops)
{
	WRITE_ONCE(scsi_ops, ops ?: &alua_scsi_real_ops);
}

const struct alua_scsi_ops *alua_scsi_ops(void)
{
	return READ_ONCE(scsi_ops);
}

/* ---- the handler's commands, on whichever layer the map has ---- */

/*
 * Run one command again while the answer is a unit attention (the array
 * reports each one once; stacked ones come in a row) or transient (BUSY,
 * TASK SET FULL, a soft transport error), a little later each time.
 * @ops is the map's SCSI layer.
 */
static enum alua_sense run(const struct alua_scsi_ops *ops,
			   struct alua_path *ap, const u8 *cdb, bool to_dev,
			   void *buf, unsigned int len, unsigned int timeout,
			   bool *port_changed)
{
	unsigned int ua = 0, busy = 0;
	struct scsi_sense_hdr sshdr;
	enum alua_sense s;

	for (;;) {
		memset(&sshdr, 0, sizeof(sshdr));
		s = alua_judge(ops->exec(ap, cdb, to_dev, buf, len, timeout,
					 &sshdr), &sshdr);
		if (s == ALUA_SENSE_RETRY && alua_sense_port_changed(&sshdr))
			*port_changed = true;
		if (s == ALUA_SENSE_RETRY && ++ua < ALUA_UA_TRIES)
			continue;
		if (s == ALUA_SENSE_BUSY && ++busy < ALUA_BUSY_TRIES) {
			msleep(ALUA_BUSY_WAIT_MS * busy);
			continue;
		}
		return s;
	}
}

static bool grow_buf(struct alua_path *ap, unsigned int len)
{
	u8 *buf;

	if (len > ALUA_RTPG_MAX_LEN)
		return false;
	buf = kmalloc(len, GFP_NOIO);
	if (!buf)
		return false;
	kfree(ap->buf);
	ap->buf = buf;
	ap->buf_len = len;
	return true;
}

/*
 * REPORT TARGET PORT GROUPS through @ap, parsed into ap->rtpg (*@out).
 * Asks for the extended header unless the device refused it once, and
 * again with a larger buffer when the answer is longer than the first.
 * @ops: the map's SCSI layer; @port_changed: set on a 3F/03.
 */
static enum alua_sense rtpg(const struct alua_scsi_ops *ops,
			    struct alua_path *ap, bool *port_changed)
{
	u8 cdb[ALUA_CDB_LEN];
	enum alua_sense s;
	unsigned int tries;
	int n;

	for (tries = 0; tries < 4; tries++) {
		memset(cdb, 0, sizeof(cdb));
		cdb[0] = MAINTENANCE_IN;
		cdb[1] = MI_REPORT_TARGET_PGS |
			 (ap->no_ext_hdr ? 0 : MI_EXT_HDR_PARAM_FMT);
		put_unaligned_be32(ap->buf_len, &cdb[6]);
		memset(ap->buf, 0, ap->buf_len);
		s = run(ops, ap, cdb, false, ap->buf, ap->buf_len,
			ALUA_RTPG_TIMEOUT, port_changed);
		if (s == ALUA_SENSE_UNSUPPORTED && !ap->no_ext_hdr) {
			ap->no_ext_hdr = true;	/* an older array: short header */
			continue;
		}
		if (s != ALUA_SENSE_OK)
			return s;
		n = alua_parse_rtpg(ap->buf, ap->buf_len, ap->rtpg);
		if (n >= 0)
			return ALUA_SENSE_OK;
		if (n != -EOVERFLOW || !grow_buf(ap, ap->rtpg->len))
			break;
	}
	/* Malformed, or ever longer: no states rather than cut ones. */
	ap->rtpg->nr_tpgs = 0;
	return ALUA_SENSE_UNSUPPORTED;
}

/* The states through @ap, in ap->rtpg; *@port_changed on a 3F/03. */
enum alua_sense alua_rtpg(struct alua_path *ap, bool *port_changed)
{
	return rtpg(ap->am->ops, ap, port_changed);
}

/* SET TARGET PORT GROUPS: move @ap's port group to @state. */
enum alua_sense alua_stpg(struct alua_path *ap, u8 state,
			  unsigned int timeout)
{
	u8 cdb[ALUA_CDB_LEN] = { 0 };
	bool port_changed = false;
	enum alua_sense s;
	u8 *param;

	/* A 4-byte header, then one 4-byte descriptor. */
	param = kzalloc(ALUA_STPG_LEN, GFP_NOIO);
	if (!param)
		return ALUA_SENSE_BUSY;
	param[4] = state;
	put_unaligned_be16(ap->port.group, &param[6]);

	cdb[0] = MAINTENANCE_OUT;
	cdb[1] = MO_SET_TARGET_PGS;
	put_unaligned_be32(ALUA_STPG_LEN, &cdb[6]);
	s = run(ap->am->ops, ap, cdb, true, param, ALUA_STPG_LEN, timeout,
		&port_changed);
	kfree(param);
	return s;
}
