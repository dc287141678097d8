package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

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

func runConvert(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("convert", convertUsage)
	to := fs.String("to", "", "target format: json or xml")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	target, err := packet.ParseFormat(*to)
	if err != nil || target == packet.FormatAuto {
		return errors.New("--to must be json or xml")
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("give exactly one FILE (- for standard input)")
	}
	in := e.stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	w, commit, abort, err := output(e, *out)
	if err != nil {
		return err
	}
	if err := packet.Convert(ctx, w, in, target); err != nil {
		abort()
		if _, ok := errors.AsType[packet.Findings](err); ok {
			return invalid(err)
		}
		return err
	}
	if err := commit(); err != nil {
		return err
	}
	return nil
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
