/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attributes shared by every public header. */
#ifndef IOTSEC_EXPORT_H
#define IOTSEC_EXPORT_H

#define IOTSEC_API __attribute__((visibility("default")))
#define IOT_WARN_UNUSED __attribute__((warn_unused_result))
#define IOT_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))

#endif
