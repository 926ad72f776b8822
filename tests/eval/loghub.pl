#!/usr/bin/perl
# Helpers of tests/eval.sh (the loghub-2k evaluation of wake-mine).
#
#   loghub.pl content FORMAT < RAW.log > CONTENT
#	The Content field of each line, cut by the dataset's header
#	format as Drain's benchmark (logpai/logparser) writes it: each
#	<Field> is a lazy group, runs of spaces match \s+.  A line the
#	format does not fit is kept whole (none in loghub-2k).
#   loghub.pl truth < STRUCTURED.csv > TRUTH.tsv
#	"EventId<TAB>EventTemplate" per row of a structured CSV.
use strict;
use warnings;

my $mode = shift @ARGV or die "usage: loghub.pl content FORMAT | truth\n";
binmode STDIN;
binmode STDOUT;
if ($mode eq 'content') {
	my $fmt = shift @ARGV;
	my $re = '';
	my @parts = split /(<[^<>]+>)/, $fmt;
	for my $k (0 .. $#parts) {
		if ($k % 2 == 0) {
			(my $s = $parts[$k]) =~ s/ +/\\s+/g;
			$re .= $s;
		} else {
			$re .= '(.*?)';
		}
	}
	my $rx = qr/^$re$/;
	while (my $l = <STDIN>) {
		$l =~ s/\r?\n\z//;
		my @g = $l =~ $rx;
		print((@g ? $g[-1] : $l), "\n");
	}
} elsif ($mode eq 'truth') {
	my $head = <STDIN>;
	$head =~ s/\r?\n\z//;
	my @h = csv($head);
	my ($ii, $it);
	for my $i (0 .. $#h) {
		$ii = $i if $h[$i] eq 'EventId';
		$it = $i if $h[$i] eq 'EventTemplate';
	}
	die "no EventId/EventTemplate column\n"
	    unless defined $ii && defined $it;
	my $rec = '';
	while (my $l = <STDIN>) {
		$rec .= $l;
		# a quoted field may hold a newline: read on while odd
		next if (($rec =~ tr/"//) % 2);
		$rec =~ s/\r?\n\z//;
		my @f = csv($rec);
		$rec = '';
		my $t = $f[$it];
		$t =~ s/[\t\n]/ /g;
		print "$f[$ii]\t$t\n";
	}
} else {
	die "loghub.pl: unknown mode $mode\n";
}

sub csv {
	my ($s) = @_;
	my @f;
	while (1) {
		if ($s =~ s/^"((?:[^"]|"")*)"//) {
			(my $v = $1) =~ s/""/"/g;
			push @f, $v;
		} else {
			$s =~ s/^([^,]*)//;
			push @f, $1;
		}
		last unless $s =~ s/^,//;
	}
	return @f;
}
