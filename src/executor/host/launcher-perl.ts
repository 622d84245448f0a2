/**
 * The launcher's preferred forker: one small Perl process (perl-base is part of every Debian
 * system) that reads jobs from its stdin and starts each pod with a single fork and a single exec,
 * calling setsid(2) itself. The shell launcher needs two forks and two execs per pod (a waiting
 * subshell, then `setsid PROGRAM`), and the extra exec of a dynamically linked `setsid` costs as
 * much as running the pod's own `true`: measured here, 1.57 ms of CPU per pod through the shell
 * against 0.74 ms without `setsid`. The protocol back is the shell's: `S <id> <pid>` once forked,
 * `X <id> <status>` once reaped (128 + n for signal n).
 *
 * A job is one line of tab-separated fields, each with `%`, tab, newline and carriage return
 * percent-encoded: `J id session cwd stdout stderr statusFile program argc args… envc k=v…`.
 * At end of input the forker exits; sandboxes started with `--die-with-parent` die with it, as
 * they died with the shell's waiting subshells.
 */
import type { LaunchSpec } from "./launcher.js";

/** The Perl program (given with `-e`; the environment it runs in is empty). */
export const PERL_FORKER = String.raw`
use strict; use warnings; use POSIX (); use Fcntl ();
$| = 1;
$SIG{PIPE} = 'IGNORE';
my %jobs;
my $buf = '';
sub dec { my $v = shift; $v =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge; return $v }
sub reap {
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $s = $?;
    my $id = delete $jobs{$pid};
    next unless defined $id;
    print 'X ', $id, ' ', (($s & 127) ? 128 + ($s & 127) : ($s >> 8)), "\n";
  }
}
sub start {
  my @f = map { dec($_) } split(/\t/, shift, -1);
  shift @f;
  my ($id, $session, $cwd, $out, $err, $status, $prog, $argc) = splice(@f, 0, 8);
  my @args = splice(@f, 0, $argc);
  my $envc = shift @f;
  my @env = splice(@f, 0, $envc);
  my $pid = fork();
  if (!defined $pid) { print "F $id\n"; return }
  if ($pid == 0) {
    $SIG{PIPE} = 'DEFAULT';
    $SIG{CHLD} = 'DEFAULT';
    POSIX::setsid() if $session;
    open(STDIN, '<', '/dev/null');
    chdir($cwd) or POSIX::_exit(127);
    open(STDOUT, '>>', $out) or POSIX::_exit(127);
    open(STDERR, '>>', $err) or POSIX::_exit(127);
    my $fh; # lives until exec: leaving a block would close the status file
    if ($status ne '') {
      open($fh, '>>', $status) or POSIX::_exit(127);
      if (fileno($fh) == 3) { fcntl($fh, Fcntl::F_SETFD(), 0) } else { POSIX::dup2(fileno($fh), 3); close($fh) }
    } else { POSIX::close(3) }
    %ENV = ();
    for my $kv (@env) { my ($k, $v) = split(/=/, $kv, 2); $ENV{$k} = $v }
    { no warnings 'exec'; exec { $prog } $prog, @args; }
    print STDERR "exec $prog: $!\n";
    POSIX::_exit(127);
  }
  $jobs{$pid} = $id;
  print "S $id $pid\n";
}
# SIGCHLD interrupts select (Perl runs the empty handler at the next safe point). A child that
# ends between reap() and select() raises it too early to interrupt: while jobs run, select also
# wakes every 2 ms, which bounds that case.
$SIG{CHLD} = sub {};
my $rin = '';
vec($rin, fileno(STDIN), 1) = 1;
while (1) {
  reap();
  my $n = select(my $r = $rin, undef, undef, %jobs ? 0.002 : undef);
  next if $n <= 0;
  my $got = sysread(STDIN, $buf, 65536, length $buf);
  if (!defined $got) { next if $!{EINTR} || $!{EAGAIN}; last }
  last if $got == 0;
  while ((my $i = index($buf, "\n")) >= 0) {
    my $line = substr($buf, 0, $i);
    substr($buf, 0, $i + 1) = '';
    start($line) if $line ne '';
  }
}
`;

/** Percent-encodes what would break a field: `%`, tab, newline, carriage return. */
function field(value: string): string {
  if (value.includes("\0")) throw new TypeError("an argument or environment value holds a NUL byte");
  return value.replace(/[%\t\n\r]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** One job line for {@link PERL_FORKER}. */
export function perlJob(id: number, spec: LaunchSpec, program: string): string {
  const env = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`);
  const fields = [
    "J",
    String(id),
    spec.newSession ? "1" : "0",
    spec.cwd,
    spec.stdout,
    spec.stderr,
    spec.statusFd ?? "",
    program,
    String(spec.args.length),
    ...spec.args,
    String(env.length),
    ...env,
  ];
  return `${fields.map(field).join("\t")}\n`;
}
