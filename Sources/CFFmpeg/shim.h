#ifndef CFFMPEG_SHIM_H
#define CFFMPEG_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>
#include <stdarg.h>
#include <stdio.h>

// AVERROR is a function-like macro; Swift imports no function-like macros.
static inline int CFFmpeg_AVERROR(int e) { return AVERROR(e); }
// AVERROR_EOF is built with FFERRTAG, a macro expression Swift cannot import.
static inline int CFFmpeg_AVERROR_EOF(void) { return AVERROR_EOF; }
// AVERROR_INVALIDDATA, same reason as AVERROR_EOF.
static inline int CFFmpeg_AVERROR_INVALIDDATA(void) { return AVERROR_INVALIDDATA; }
// AV_NOPTS_VALUE is a cast expression ((int64_t)UINT64_C(0x8000000000000000)), not importable.
static inline int64_t CFFmpeg_AV_NOPTS_VALUE(void) { return AV_NOPTS_VALUE; }
// AV_TIME_BASE_Q is a compound literal, not importable.
static inline AVRational CFFmpeg_AV_TIME_BASE_Q(void) { return AV_TIME_BASE_Q; }

// av_log's callback receives a va_list, which Swift cannot format; render the line here, into a caller buffer.
// The callback itself is installed from Swift with av_log_set_callback.
static inline int CFFmpeg_format_log_line(void *avcl, int level, const char *fmt, va_list vl,
                                          char *line, int line_size, int *print_prefix) {
    av_log_format_line2(avcl, level, fmt, vl, line, line_size, print_prefix);
    return level;
}

// Swift cannot call a C function that takes a va_list from a @convention(c) closure that received one as CVaListPointer
// portably; this typedef names the callback type av_log_set_callback expects.
typedef void (*CFFmpeg_log_callback)(void *, int, const char *, va_list);

#endif
