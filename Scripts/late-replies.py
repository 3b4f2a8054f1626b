#!/usr/bin/env python3
"""Replays a terminal that answers `lightbox review --graphics auto`'s start-up queries late,
on a pseudo-terminal that is the review's controlling terminal, and reports what was recorded.

Usage: Scripts/late-replies.py [--delay SECONDS ...] [--ssh] [--split SECONDS] [--keys TEXT]
                               [--log FILE | --study-log] [--exe .build/release/lightbox] STUDY_DIR

For each delay: starts a review with a fresh log, waits for the queries, answers them DELAY
seconds later as kitty does plus a kitty error holding `a x u 2 d q ^C ^Z` (with --split, the
second half SPLIT seconds after the first), waits 3 s without a key, types KEYS (default none)
then q, and prints the exit status, whether the review was still running before q, and the
verdicts in the log. With no bug, every line says `running, exit 0, records []`.
--log FILE keeps the log there (appending); --study-log passes no --log (the study's own log,
or its fallback), and the records are not read.
"""
import argparse, csv, fcntl, os, select, struct, subprocess, sys, tempfile, termios, time

HOSTILE = (b'\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[4;800;1200t'
           b'\x1b_Gi=31;EINVAL:a x u 2 d q \x03\x1a\x1b\\\x1b[?62;c')


def session_leader_on(slave_path):
    def become():
        os.setsid()
        fd = os.open(slave_path, os.O_RDWR)   # the first terminal a session leader opens is its controlling one
        for target in (0, 1, 2):
            os.dup2(fd, target)
    return become


def replay(args, delay):
    master, slave = os.openpty()
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 1200, 800))
    slave_path = os.ttyname(slave)
    env = dict(TERM='xterm-256color', HOME=tempfile.gettempdir(), LANG='C.UTF-8',
               OPENBLAS_CORETYPE=os.environ.get('OPENBLAS_CORETYPE', 'Haswell'))
    if args.ssh:
        env['SSH_CONNECTION'] = '10.0.0.1 50000 10.0.0.2 22'
    log = args.log or tempfile.mktemp(prefix='lightbox-late-', suffix='.csv')
    logging = [] if args.study_log else ['--log', log]
    child = subprocess.Popen([args.exe, 'review', args.study] + logging + ['--reviewer', 'late', '--graphics', 'auto'],
                             env=env, preexec_fn=session_leader_on(slave_path), close_fds=True)
    os.close(slave)
    output = bytearray()

    def pump(seconds, until=None):
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([master], [], [], min(0.01, max(0, end - time.time())))
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    return
                output.extend(data)
            if until and until():
                return

    pump(20, lambda: b'\x1b[c' in output)
    asked = time.time()
    pieces = [(delay, HOSTILE)] if args.split is None else [(delay, HOSTILE[:40]), (delay + args.split, HOSTILE[40:])]
    for at, text in pieces:
        pump(at - (time.time() - asked))
        os.write(master, text)
    pump(3)
    running = child.poll() is None
    for key in args.keys:
        os.write(master, key.encode())
        pump(1.5)
    os.write(master, b'q')
    try:
        while child.poll() is None:
            pump(0.05)
            if time.time() - asked > 40:
                child.kill()
    finally:
        os.close(master)
    status = child.wait()
    records = []
    if not args.study_log and os.path.isfile(log):
        with open(log) as f:
            records = [row.get('verdict') for row in csv.DictReader(f)]
        if not args.log:
            os.unlink(log)
    print(f'delay {delay * 1000:.0f} ms{" ssh" if args.ssh else ""}{f" split +{args.split * 1000:.0f} ms" if args.split is not None else ""}: '
          f'{"running" if running else "NOT running"} before q, exit {status}, records {records}')
    if args.study_log:
        return running and status == 0
    return running and status == 0 and records == ['agree'] * args.keys.count('a') if args.keys else running and status == 0 and not records


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('study')
    parser.add_argument('--delay', type=float, nargs='+', default=[0.15, 0.4, 1.2])
    parser.add_argument('--ssh', action='store_true')
    parser.add_argument('--split', type=float)
    parser.add_argument('--keys', default='')
    parser.add_argument('--exe', default='.build/release/lightbox')
    parser.add_argument('--log')
    parser.add_argument('--study-log', action='store_true')
    args = parser.parse_args()
    ok = all([replay(args, delay) for delay in args.delay])
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
