// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler's SCSI commands: finding a path's SCSI device, reading
 * its port from VPD page 0x83, REPORT TARGET PORT GROUPS and SET TARGET
 * PORT GROUPS. Each runs in process context (the handler's work items),
 * waits for its answer with a timeout, and is judged by alua_proto.c.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_proto.h>

#include "../compat.h"
#include "alua.h"

/*
 * The SCSI device behind a path, with a reference, or NULL (not a SCSI
 * disk, or going away). An sd disk's device is a child of its
 * scsi_device's.
 */
struct scsi_device *alua_get_sdev(struct block_device *bdev)
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

void alua_put_sdev(struct scsi_device *sdev)
{
	scsi_device_put(sdev);
}

/* Judge a command's result: 0, a negative errno or a SCSI result. */
static enum alua_sense judge(int result, const struct scsi_sense_hdr *sshdr)
{
	if (!result)
		return ALUA_SENSE_OK;
	if (result > 0 && scsi_sense_valid(sshdr))
		return alua_classify_sense(sshdr);
	/* No answer: timeout, transport down, device gone. */
	return ALUA_SENSE_PATH_ERROR;
}

/* VPD page 0x83: where this path's commands arrive. */
int alua_read_port(struct scsi_device *sdev, struct alua_port_id *id)
{
	unsigned char *page;
	int r;

	page = kmalloc(ALUA_VPD_LEN, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	r = scsi_get_vpd_page(sdev, 0x83, page, ALUA_VPD_LEN);
	if (!r)
		r = alua_parse_vpd83(page, ALUA_VPD_LEN, id);
	kfree(page);
	return r;
}

/*
 * REPORT TARGET PORT GROUPS into @buf (ALUA_RTPG_BUF_LEN bytes), parsed
 * into @out. Asks for the extended header unless @ap's device refused it
 * once (ILLEGAL REQUEST for the field), then asks without.
 */
enum alua_sense alua_rtpg(struct alua_path *ap, u8 *buf, struct alua_rtpg *out)
{
	struct scsi_sense_hdr sshdr;
	enum alua_sense s;
	u8 cdb[ALUA_CDB_LEN];
	int r;

	for (;;) {
		memset(cdb, 0, sizeof(cdb));
		cdb[0] = MAINTENANCE_IN;
		cdb[1] = MI_REPORT_TARGET_PGS |
			 (ap->no_ext_hdr ? 0 : MI_EXT_HDR_PARAM_FMT);
		put_unaligned_be32(ALUA_RTPG_BUF_LEN, &cdb[6]);
		memset(buf, 0, ALUA_RTPG_BUF_LEN);
		memset(&sshdr, 0, sizeof(sshdr));
		r = mpath2_scsi_exec(ap->sdev, cdb, false, buf,
				     ALUA_RTPG_BUF_LEN, ALUA_CMD_TIMEOUT,
				     &sshdr);
		s = judge(r, &sshdr);
		if (s != ALUA_SENSE_UNSUPPORTED || ap->no_ext_hdr)
			break;
		ap->no_ext_hdr = true;	/* an older array: the short header */
	}
	if (s != ALUA_SENSE_OK)
		return s;
	if (alua_parse_rtpg(buf, ALUA_RTPG_BUF_LEN, out) < 0)
		return ALUA_SENSE_UNSUPPORTED;	/* malformed: as if none */
	return ALUA_SENSE_OK;
}

/* SET TARGET PORT GROUPS: make port group @group active/optimized. */
enum alua_sense alua_stpg(struct alua_path *ap, u16 group)
{
	struct scsi_sense_hdr sshdr;
	u8 cdb[ALUA_CDB_LEN] = { 0 };
	u8 *param;
	int r;

	/* A 4-byte header, then one 4-byte descriptor. */
	param = kzalloc(ALUA_STPG_LEN, GFP_KERNEL);
	if (!param)
		return ALUA_SENSE_RETRY;
	param[4] = ALUA_STATE_OPTIMIZED;
	put_unaligned_be16(group, &param[6]);

	cdb[0] = MAINTENANCE_OUT;
	cdb[1] = MO_SET_TARGET_PGS;
	put_unaligned_be32(ALUA_STPG_LEN, &cdb[6]);
	memset(&sshdr, 0, sizeof(sshdr));
	r = mpath2_scsi_exec(ap->sdev, cdb, true, param, ALUA_STPG_LEN,
			     ALUA_CMD_TIMEOUT, &sshdr);
	kfree(param);
	return judge(r, &sshdr);
}
