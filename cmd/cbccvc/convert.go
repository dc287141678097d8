package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet"
)

const convertUsage = `Usage: cbccvc convert --to json|xml FILE [-o OUT]

Converts a packet between its JSON and XML forms, one record at a time,
keeping its format version (PhienBan, and in XML its namespace).
FILE - reads standard input; without -o the packet goes to standard output.
A packet with a value that does not fit the model (a malformed identifier,
a date that does not exist, a number its type does not hold, a character
XML cannot carry, a member the format does not have) is not converted, so
that nothing is lost: exit 1, nothing written. Exit 2 on a usage error or
an unreadable file.

Flags:
`

func runConvert(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("convert", flag.ContinueOnError)
	to := fs.String("to", "", "target format: json or xml")
	out := fs.String("o", "", "write to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), convertUsage)
		fs.PrintDefaults()
	}
	if stop, code := parseFlags(fs, e, interleaveFlags(args, map[string]bool{"to": true, "o": true})); stop {
		return code
	}
	target, err := packet.ParseFormat(*to)
	if err != nil || target == packet.FormatAuto {
		fmt.Fprintln(e.stderr, "cbccvc convert: --to must be json or xml")
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "cbccvc convert: give exactly one FILE (- for standard input)")
		fs.Usage()
		return exitUsage
	}
	in := e.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			printError(e.stderr, "convert", err)
			return exitUsage
		}
		defer f.Close()
		in = f
	}
	w, commit, abort, err := output(e, *out)
	if err != nil {
		printError(e.stderr, "convert", err)
		return exitUsage
	}
	if err := packet.Convert(ctx, w, in, target); err != nil {
		abort()
		printError(e.stderr, "convert", err)
		var fs packet.Findings
		if errors.As(err, &fs) {
			return exitInvalid
		}
		return exitUsage
	}
	if err := commit(); err != nil {
		printError(e.stderr, "convert", err)
		return exitUsage
	}
	return exitOK
}

// output opens the destination: a temporary file renamed into place on
// commit, so that a failed conversion leaves no half-written file. For
// standard output the temporary file is copied out on commit: a packet
// refused half-way writes nothing there either.
func output(e env, path string) (w io.Writer, commit func() error, abort func(), err error) {
	if path == "" || path == "-" {
		return stdoutOnCommit(e)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, nil, nil, err
	}
	commit = func() error {
		// CreateTemp makes the file private; the output is an ordinary file.
		err := f.Chmod(0o644)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return err
		}
		return os.Rename(f.Name(), path)
	}
	abort = func() {
		f.Close()
		os.Remove(f.Name())
	}
	return f, commit, abort, nil
}

// stdoutOnCommit holds the output in a temporary file, and copies it to
// standard output on commit.
func stdoutOnCommit(e env) (w io.Writer, commit func() error, abort func(), err error) {
	f, err := os.CreateTemp("", "cbccvc-out.*")
	if err != nil {
		return nil, nil, nil, err
	}
	abort = func() {
		f.Close()
		os.Remove(f.Name())
	}
	commit = func() error {
		defer abort()
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		_, err := io.Copy(e.stdout, f)
		return err
	}
	return f, commit, abort, nil
}

// valueFlags names the flags of fs that take a value, for interleaveFlags.
func valueFlags(fs *flag.FlagSet) map[string]bool {
	valued := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			valued[f.Name] = true
		}
	})
	return valued
}

// interleaveFlags moves flags that follow positional arguments to the
// front, so that "convert FILE --to xml" works as well as "convert --to xml
// FILE". valued names the flags that take a value.
func interleaveFlags(args []string, valued map[string]bool) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' && a != "-" {
			flags = append(flags, a)
			name := a[1:]
			if len(name) > 0 && name[0] == '-' {
				name = name[1:]
			}
			if _, _, hasValue := strings.Cut(name, "="); !hasValue && valued[name] && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}
