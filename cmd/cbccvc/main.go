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
// Run "cbccvc <command> -h" for a command's flags. Every command exits 0 on
// success, 1 when its input is invalid, and 2 on a usage error.
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
	"time"

	"github.com/cbccvc/cbccvc-go/internal/msg"
)

// Exit codes shared by every command.
const (
	exitOK      = 0 // all input valid, the command did its job
	exitInvalid = 1 // some input is invalid
	exitUsage   = 2 // the command line is wrong, input could not be read, or the run could not finish
)

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
	run     func(ctx context.Context, e env, args []string) int
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
	return c.run(ctx, e, args[1:])
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

// parseFlags parses a command's flags, returning the exit code to use when
// the command should stop: exitOK after -h, exitUsage on a bad flag.
func parseFlags(fs *flag.FlagSet, e env, args []string) (stop bool, code int) {
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, exitOK
		}
		return true, exitUsage
	}
	return false, 0
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

// usageError prints err and returns exitUsage.
func usageError(e env, cmd string, err error) int {
	printError(e.stderr, cmd, err)
	return exitUsage
}

// readInput reads the file name, or standard input for "-".
func readInput(e env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(name)
}
