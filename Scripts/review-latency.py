#!/usr/bin/env python3
"""Key-to-screen times of `lightbox review` on a pseudo-terminal that answers the graphics
queries as kitty or as xterm -ti vt340 (sixel), from LIGHTBOX_TRACE.

Usage: Scripts/review-latency.py [--answer kitty|sixel|none] [--keys N] [--gap SECONDS]
                                 [--exe .build/release/lightbox] STUDY_DIR

Types j N times, then k N times, GAP seconds apart, then q; prints the median, 90th
percentile and maximum of the trace's "key" lines (key press read to screen drawn, image
writes included when a key's redraw waited for one). Build with `swift build -c release`.
"""
import argparse, fcntl, os, re, select, struct, subprocess, sys, tempfile, termios, time

REPLIES = {
    'kitty': b'\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;c',
    'sixel': b'\x1b[6;20;10t\x1b[?63;1;2;4;6;9;15;16;22;28c',
    'none': b'\x1b[6;20;10t\x1b[?62;c',
}

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('study')
    parser.add_argument('--answer', choices=REPLIES, default='kitty')
    parser.add_argument('--keys', type=int, default=15)
    parser.add_argument('--gap', type=float, default=0.4)
    parser.add_argument('--exe', default='.build/release/lightbox')
    args = parser.parse_args()
    trace = tempfile.NamedTemporaryFile(prefix='lightbox-trace-', delete=False).name
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 1200, 800))
    env = dict(TERM='xterm-256color', HOME=tempfile.gettempdir(), LANG='C.UTF-8', LIGHTBOX_TRACE=trace,
               OPENBLAS_CORETYPE=os.environ.get('OPENBLAS_CORETYPE', 'Haswell'),
               OPENBLAS_L2_SIZE=os.environ.get('OPENBLAS_L2_SIZE', '512'))
    if 'LIGHTBOX_DECODER' in os.environ:  # e.g. in-process, to time what the decoder process costs
        env['LIGHTBOX_DECODER'] = os.environ['LIGHTBOX_DECODER']
    log = tempfile.NamedTemporaryFile(prefix='lightbox-log-', suffix='.csv', delete=False).name
    child = subprocess.Popen([args.exe, 'review', args.study, '--log', log, '--reviewer', 'latency'],
                             stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    output, answered = bytearray(), False

    def pump(seconds):
        nonlocal answered
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            output.extend(data)
            if not answered and b'\x1b[c' in output:
                answered = True
                os.write(master, REPLIES[args.answer])

    pump(4)
    for key in 'j' * args.keys + 'k' * args.keys:
        os.write(master, key.encode())
        pump(args.gap)
    pump(1)
    os.write(master, b'q')
    pump(3)
    child.wait(timeout=20)
    text = open(trace).read()
    keys = sorted(int(m) / 1000 for m in re.findall(r'^key (\d+)us', text, re.M))
    if not keys:
        sys.exit('no key timings in the trace')
    pick = lambda q: keys[min(len(keys) - 1, int(q * len(keys)))]
    images = output.count(b'\x1bPq') if args.answer == 'sixel' else output.count(b'\x1b_Ga=p')
    print(f'{args.answer}: {len(keys)} keys, key-to-screen median {pick(0.5):.1f} ms, p90 {pick(0.9):.1f} ms, '
          f'max {keys[-1]:.1f} ms; {len(output)} bytes written, {images} image pieces placed')
    first = re.search(r'^first-film (\d+)us', text, re.M)
    if first:
        print(f'first film on screen {int(first.group(1)) / 1000:.1f} ms after start')
    os.unlink(trace)
    os.unlink(log)

if __name__ == '__main__':
    main()
