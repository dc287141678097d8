// Command cbccvc works with the identifiers, packets and services of
// Decision 356/QĐ-BNV, the national database of cadres, civil servants and
// public employees (CSDLQG về CBCCVC).
//
// Usage:
//
//	cbccvc <command> [flags] [arguments]
//
// The commands are:
//
//	id          detect, parse and explain identifiers
//	validate    validate packets and print every finding
//	due         list the change events of a BIENDONG packet by deadline (3 working days)
//	convert     convert a packet between JSON and XML
//	migrate     turn a packet of format 1.0 into format 2.0
//	generate    generate realistic packets, for tests and demos
//	testpki     make a throw-away PKI for tests
//	sign        sign a packet (JSON or XML)
//	verify      verify signed packets
//	canonical   print the bytes a packet's signature covers (JSON or XML)
//	conformance run the conformance kit against the SDK or another implementation
//	report      write the data-quality report of a packet or of the sync store as one HTML file
//	send        send records to the national database
//	sync        keep the national database in step with an HR database
//	pull        pull matching results or profiles from the national database
//	sandbox     run a sandbox of the national service, for tests and a first run
//	serve       run the local agent: the SDK over HTTP, for programs in any language
//
// Run "cbccvc <command> -h" for a command's flags. Every command exits 0
// when it did its job and all its input is valid (verified, accepted), 1
// when it did its job and some input is not, and 2 when it could not do
// its job: a wrong command line, input or output that cannot be read or
// written, a run that could not finish.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/internal/msg"
)

// Exit codes shared by every command: each means one thing.
const (
	exitOK      = 0 // the command did its job, and all its input is valid
	exitInvalid = 1 // the command did its job, and some input is invalid (refused, not verified)
	exitUsage   = 2 // the command could not do its job: see failed
)

// exitError ends a command with Code. Err, when not nil, is printed the
// way every error is (printError); without it, the command has printed what
// it had to say (findings, a verdict, its usage).
type exitError struct {
	Code int
	Err  error
}

func (x *exitError) Error() string {
	if x.Err == nil {
		return fmt.Sprintf("exit status %d", x.Code)
	}
	return x.Err.Error()
}

func (x *exitError) Unwrap() error { return x.Err }

// exit ends a command with code, having printed what it had to say: nil
// for exitOK.
func exit(code int) error {
	if code == exitOK {
		return nil
	}
	return &exitError{Code: code}
}

// invalid ends a command with exitInvalid, printing err: the input was read
// and judged, and err says what is wrong with it.
func invalid(err error) error { return &exitError{Code: exitInvalid, Err: err} }

// exitCode prints what err has to say and returns the exit code it
// carries. Any error but an *exitError means that the command could not do
// its job (exitUsage).
func exitCode(e env, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	x, ok := errors.AsType[*exitError](err)
	if !ok {
		printError(e.stderr, cmd, err)
		return exitUsage
	}
	if x.Err != nil {
		printError(e.stderr, cmd, err)
	}
	return x.Code
}

// env is what a command may touch; tests give it buffers, and a clock.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time // nil for time.Now
}

// clock is the command's clock.
func (e env) clock() func() time.Time {
	if e.now != nil {
		return e.now
	}
	return time.Now
}

type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"id":          {"detect, parse and explain identifiers", runID},
		"validate":    {"validate packets and print every finding", runValidate},
		"due":         {"list the change events of a BIENDONG packet by deadline (3 working days)", runDue},
		"convert":     {"convert a packet between JSON and XML", runConvert},
		"migrate":     {"turn a packet of format 1.0 into format 2.0", runMigrate},
		"generate":    {"generate realistic packets, for tests and demos", runGenerate},
		"testpki":     {"make a throw-away PKI for tests", runTestPKI},
		"sign":        {"sign a packet (JSON or XML)", runSign},
		"verify":      {"verify signed packets", runVerify},
		"canonical":   {"print the bytes a packet's signature covers (JSON or XML)", runCanonical},
		"send":        {"send records to the national database", runSend},
		"sync":        {"keep the national database in step with an HR database", runSync},
		"pull":        {"pull matching results or profiles from the national database", runPull},
		"sandbox":     {"run a sandbox of the national service, for tests and a first run", runSandbox},
		"serve":       {"run the local agent: the SDK over HTTP, for programs in any language", runServe},
		"conformance": {"run the conformance kit against the SDK or another implementation", runConformance},
		"report":      {"write the data-quality report of a packet or of the sync store as one HTML file", runReport},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, e env, args []string) int {
	cmds := commands()
	if len(args) == 0 {
		usage(e.stderr, cmds)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(e.stdout, cmds)
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "cbccvc: unknown command %q\n", args[0])
		usage(e.stderr, cmds)
		return exitUsage
	}
	return exitCode(e, args[0], c.run(ctx, e, args[1:]))
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Usage: cbccvc <command> [flags] [arguments]\n\nCommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'cbccvc <command> -h' for a command's flags.")
}

// newFlagSet returns the flag set of command name, whose usage is usage
// followed by the defaults of its flags.
func newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a command's flags, those after its arguments too (a
// flag takes the next argument as its value unless the FlagSet says it is
// a boolean). It returns an *exitError of exitOK after -h, of exitUsage on a bad
// flag, the flag package having printed why.
func parseFlags(fs *flag.FlagSet, e env, args []string) error {
	fs.SetOutput(e.stderr)
	if err := fs.Parse(interleaveFlags(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &exitError{Code: exitOK}
		}
		return exit(exitUsage)
	}
	return nil
}

// interleaveFlags moves the flags of fs that follow positional arguments
// to the front, so that "convert FILE --to xml" works as well as "convert
// --to xml FILE".
func interleaveFlags(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' && a != "-" {
			flags = append(flags, a)
			name, _, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
			if !hasValue && takesValue(fs, name) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		rest = append(rest, a)
	}
	return append(flags, rest...)
}

// takesValue says whether the flag of fs named name takes a value: it is
// defined and not a boolean.
func takesValue(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// printError prints err for a person, the same way for every command and
// every error: what is wrong and what to do in Vietnamese, then the
// English message (with the context the command added), each on a line
// prefixed with the command's name.
func printError(w io.Writer, cmd string, err error) {
	vi, en := msg.Split(err)
	fmt.Fprintf(w, "cbccvc %s: %s\n", cmd, vi)
	fmt.Fprintf(w, "cbccvc %s: %s\n", cmd, en)
}

// readInput reads the file name, or standard input for "-".
func readInput(e env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(name)
}
