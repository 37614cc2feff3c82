#!/usr/bin/env bash
# Regenerate the sample lecture recording used for Lectern tests and demos.
#
# Usage: scripts/make-sample.sh [OUTPUT]   (default: media/sample-lecture.mp4)
#
# Produces a ~45 s, 1280x720 @ 30 fps, H.264 High + AAC-LC 48 kHz mono MP4
# (+faststart): five lecture "slides" (title + bullets in DejaVu Sans), a
# moving "speaker camera" inset, a slide counter and a timer, with espeak-ng
# reading the lecture over a very quiet room tone.
#
# Needs only: ffmpeg (with libx264 and drawtext/libfreetype), espeak-ng,
# fonts-dejavu-core. Everything is generated from the text below, so the
# output is deterministic for a given ffmpeg/x264/espeak-ng version.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo_root/media/sample-lecture.mp4}"

for tool in ffmpeg espeak-ng; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool not found" >&2; exit 1; }
done

font_dir=/usr/share/fonts/truetype/dejavu
font="$font_dir/DejaVuSans.ttf"
font_bold="$font_dir/DejaVuSans-Bold.ttf"
for f in "$font" "$font_bold"; do
    [[ -f $f ]] || { echo "error: $f missing (install fonts-dejavu-core)" >&2; exit 1; }
done

# ---------------------------------------------------------------------------
# Lecture content. One entry per slide; bullets are separated by '|'.
# ---------------------------------------------------------------------------
slide_secs=9          # every slide is held this long
speech_delay_ms=400   # pause at the start of each slide before speaking
voice=en-gb
rate=150              # words per minute

course="Public Health 101  ·  Lecture 4"

titles=(
    "Handwashing and Diarrhoeal Disease"
    "The burden of diarrhoeal disease"
    "How handwashing breaks transmission"
    "What the evidence shows"
    "Summary"
)
bullets=(
    "Public Health 101, Lecture 4|Water, sanitation and hygiene (WASH)|Dr. A. Example, School of Public Health"
    "• About 1.7 billion cases in children each year|• About 440,000 deaths in children under 5|• Most are linked to unsafe water and hygiene|• Largely preventable"
    "• Pathogens spread by the faecal-oral route|• Hands carry them to food, water and mouths|• Soap lifts microbes off the skin|• Wash and rub for at least 20 seconds"
    "• Handwashing with soap: ~30-40% fewer episodes|• Key moments: after the toilet|• ... and before eating or preparing food|• Soap and water must be easy to reach"
    "• Diarrhoea still kills many young children|• Handwashing with soap is cheap and effective|• Next week: safe drinking water"
)
speech=(
    "Welcome to lecture four. Today we look at handwashing with soap, and how it prevents diarrhoeal disease."
    "Each year there are about 1.7 billion cases in children, and around 440 thousand deaths under five."
    "Germs spread from faeces to mouth, and hands carry them to food. Soap lifts them off in twenty seconds."
    "Washing with soap cuts diarrhoea by about a third. The key moments are after the toilet and before eating or cooking."
    "To sum up: handwashing with soap is cheap, simple and effective. Next week we turn to safe drinking water."
)

n=${#titles[@]}
total_secs=$((n * slide_secs))
max_speech_ms=$((slide_secs * 1000 - speech_delay_ms - 300))

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lectern-sample.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------
# Audio: one espeak-ng clip per slide, each checked to fit inside its slide.
# ---------------------------------------------------------------------------
audio_inputs=()
audio_chain=""
for ((i = 0; i < n; i++)); do
    wav="$tmp/speech$i.wav"
    espeak-ng -v "$voice" -s "$rate" -w "$wav" "${speech[i]}"
    dur_ms=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$wav" |
        awk '{printf "%d", $1 * 1000}')
    if ((dur_ms > max_speech_ms)); then
        echo "error: speech for slide $((i + 1)) is ${dur_ms} ms (max ${max_speech_ms} ms)" >&2
        exit 1
    fi
    audio_inputs+=(-i "$wav")
    audio_chain+="[$i:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono,"
    audio_chain+="adelay=${speech_delay_ms},apad,atrim=0:${slide_secs},asetpts=N/SR/TB[a$i];"
done

# ---------------------------------------------------------------------------
# Video filtergraph: light background, per-slide title/bullets, footer with
# slide counter and timer, and a moving "camera" inset in the bottom-right.
# Text goes through textfile= so no filtergraph escaping of content is needed.
# ---------------------------------------------------------------------------
printf '%s' "$course" >"$tmp/course.txt"
printf '%s' "Slide %{eif:trunc(t/${slide_secs})+1:d} / ${n}" >"$tmp/counter.txt"
printf '%s' '%{pts:gmtime:0:%M\:%S}' >"$tmp/timer.txt"
printf '%s' "Speaker camera" >"$tmp/camlabel.txt"

cam_w=320 cam_h=180
cam_x=$((1280 - cam_w - 48)) cam_y=$((720 - 60 - cam_h - 24))

g="$tmp/graph.txt"
{
    echo "color=c=0xFAFAF7:s=1280x720:r=30:d=${total_secs},format=yuv420p,"
    # title underline and footer bar
    echo "drawbox=x=80:y=140:w=1120:h=4:color=0x1F5FA8:t=fill,"
    echo "drawbox=x=0:y=660:w=1280:h=60:color=0x1F3A5F:t=fill,"
    for ((i = 0; i < n; i++)); do
        t0=$((i * slide_secs)) t1=$(((i + 1) * slide_secs))
        en="enable='gte(t,$t0)*lt(t,$t1)'"
        printf '%s' "${titles[i]}" >"$tmp/title$i.txt"
        echo "drawtext=fontfile=$font_bold:textfile=$tmp/title$i.txt:expansion=none:fontsize=50:fontcolor=0x1F3A5F:x=80:y=70:$en,"
        IFS='|' read -r -a lines <<<"${bullets[i]}"
        for ((j = 0; j < ${#lines[@]}; j++)); do
            printf '%s' "${lines[j]}" >"$tmp/b${i}_$j.txt"
            y=$((200 + j * 70))
            echo "drawtext=fontfile=$font:textfile=$tmp/b${i}_$j.txt:expansion=none:fontsize=34:fontcolor=0x222222:x=90:y=$y:$en,"
        done
    done
    echo "drawtext=fontfile=$font:textfile=$tmp/course.txt:expansion=none:fontsize=24:fontcolor=white:x=40:y=678,"
    echo "drawtext=fontfile=$font:textfile=$tmp/counter.txt:fontsize=24:fontcolor=white:x=860:y=678,"
    echo "drawtext=fontfile=$font:textfile=$tmp/timer.txt:fontsize=24:fontcolor=0xFFD866:x=1150:y=678[bg];"
    # "camera" inset: a slowly zooming, drifting fractal with a frame and label
    echo "mandelbrot=s=640x360:r=30:start_scale=2.5:end_scale=0.6:end_pts=$((total_secs * 30)):maxiter=400,"
    echo "crop=w=iw-64:h=ih-36:x='32+32*sin(t*0.7)':y='18+18*cos(t*0.5)',"
    echo "scale=${cam_w}:${cam_h},hue=h='t*8',format=yuv420p,"
    echo "drawbox=x=0:y=0:w=iw:h=ih:color=0x1F3A5F:t=4,"
    echo "drawtext=fontfile=$font:textfile=$tmp/camlabel.txt:expansion=none:fontsize=16:fontcolor=white:box=1:boxcolor=black@0.5:boxborderw=4:x=10:y=h-28[cam];"
    echo "[bg][cam]overlay=x=${cam_x}:y=${cam_y}:shortest=1,trim=duration=${total_secs},setpts=PTS-STARTPTS[v];"
    # audio: concatenated speech + very quiet deterministic room tone
    printf '%s' "$audio_chain"
    for ((i = 0; i < n; i++)); do printf '[a%d]' "$i"; done
    echo "concat=n=${n}:v=0:a=1,volume=0.85[speech];"
    echo "anoisesrc=color=brown:amplitude=0.004:seed=1234:r=48000:d=${total_secs},aformat=sample_fmts=fltp:channel_layouts=mono[room];"
    echo "[speech][room]amix=inputs=2:duration=first:normalize=0,atrim=0:${total_secs}[a]"
} >"$g"

mkdir -p "$(dirname "$out")"
tmp_out="$tmp/out.mp4"
ffmpeg -hide_banner -loglevel error -nostdin -y \
    "${audio_inputs[@]}" \
    -filter_complex_script "$g" \
    -map "[v]" -map "[a]" \
    -c:v libx264 -profile:v high -preset medium -crf 27 -maxrate 450k -bufsize 900k \
    -pix_fmt yuv420p -r 30 -g 60 -keyint_min 60 -sc_threshold 0 \
    -c:a aac -profile:a aac_low -b:a 64k -ar 48000 -ac 1 \
    -t "$total_secs" \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    -movflags +faststart \
    "$tmp_out"

mv -f "$tmp_out" "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
