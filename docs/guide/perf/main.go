// Command perf runs the benchmarks behind the guide's performance pages and
// rewrites their tables from what the benchmarks print, in English and in
// Vietnamese, so that no figure of those pages is typed by hand. Run it from
// the repository's root when the code changes:
//
//	go run ./docs/guide/perf                  # every table
//	go run ./docs/guide/perf -tables validate # some of them
//	go run ./docs/guide/perf -from bench.txt  # from saved `go test -bench` output
//	go run ./docs/guide/perf -print           # print the tables, write no page
//
// A table sits in each page between <!-- perf:NAME --> and <!-- /perf:NAME -->.
// To add one, add an entry to tables (tables.go): the benchmark runs it needs
// and how its rows read in each language.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// pages are the performance pages, by language.
var pages = map[lang]string{
	english:    "docs/guide/en/09-performance.md",
	vietnamese: "docs/guide/vi/09-hieu-nang.md",
}

func main() {
	only := flag.String("tables", "", "comma-separated tables to regenerate (default all)")
	from := flag.String("from", "", "read `go test -bench` output from this file instead of running the benchmarks")
	printOnly := flag.Bool("print", false, "print the tables instead of writing them into the pages")
	flag.Parse()
	if err := run(*only, *from, *printOnly); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}

func run(only, from string, printOnly bool) error {
	chosen, err := choose(only)
	if err != nil {
		return err
	}
	res := results{}
	if from != "" {
		data, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		res.parse(bytes.NewReader(data))
	} else if err := res.runAll(chosen); err != nil {
		return err
	}
	for _, l := range []lang{english, vietnamese} {
		if printOnly {
			if err := printTables(chosen, res, l); err != nil {
				return err
			}
			continue
		}
		if err := rewritePage(pages[l], chosen, res, l); err != nil {
			return err
		}
	}
	return nil
}

// printTables writes the tables of ts to standard output.
func printTables(ts []table, res results, l lang) error {
	for _, t := range ts {
		block, err := t.block(res, l)
		if err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
		fmt.Printf("%s (%s):\n\n%s\n", t.name, l.pick("en", "vi"), block)
	}
	return nil
}

// choose returns the tables named in the comma-separated list only, or all.
func choose(only string) ([]table, error) {
	if only == "" {
		return tables, nil
	}
	var out []table
	for name := range strings.SplitSeq(only, ",") {
		i := slices.IndexFunc(tables, func(t table) bool { return t.name == name })
		if i < 0 {
			return nil, fmt.Errorf("no table %q", name)
		}
		out = append(out, tables[i])
	}
	return out, nil
}

// A benchRun is one `go test -bench` command; flags are more of its
// flags, separated by spaces (a benchmark's own, a longer -timeout).
type benchRun struct {
	pkg, pattern, benchtime, flags string
}

func (r benchRun) args() []string {
	args := []string{"test", r.pkg, "-run", "^$", "-bench", r.pattern, "-benchmem", "-count", "1"}
	if r.benchtime != "" {
		args = append(args, "-benchtime", r.benchtime)
	}
	return append(args, strings.Fields(r.flags)...)
}

// String is the command as a reader types it.
func (r benchRun) String() string {
	args := r.args()
	for i, a := range args {
		if strings.ContainsAny(a, "^$|()* ") {
			args[i] = "'" + a + "'"
		}
	}
	return "go " + strings.Join(args, " ")
}

// results are benchmark lines by name (without the -GOMAXPROCS suffix), and
// the machine they ran on.
type results struct {
	lines map[string]metrics
	cpu   string
	procs int
}

// metrics are the values of one benchmark line, by unit (ns/op, MB/s …).
type metrics map[string]float64

// runAll runs the benchmarks the tables need, each command once, and
// echoes their output.
func (res *results) runAll(ts []table) error {
	var done []benchRun
	for _, t := range ts {
		for _, r := range t.runs {
			if slices.Contains(done, r) {
				continue
			}
			done = append(done, r)
			fmt.Fprintln(os.Stderr, "perf: running", r)
			var out bytes.Buffer
			cmd := exec.Command("go", r.args()...)
			cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, os.Stderr), os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("%s: %w", r, err)
			}
			res.parse(&out)
		}
	}
	return nil
}

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-(\d+))?\s+(\d+)\s+(.*)$`)

// parse reads the output of `go test -bench`.
func (res *results) parse(r io.Reader) {
	if res.lines == nil {
		res.lines = map[string]metrics{}
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if cpu, ok := strings.CutPrefix(line, "cpu: "); ok {
			res.cpu = strings.TrimSpace(cpu)
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if p, err := strconv.Atoi(m[2]); err == nil {
			res.procs = p
		}
		ms := metrics{}
		fields := strings.Fields(m[4])
		for i := 0; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				ms[fields[i+1]] = v
			}
		}
		res.lines[m[1]] = ms
	}
}

// rewritePage replaces the tables of ts in the page file with their rows.
func rewritePage(file string, ts []table, res results, l lang) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	text := string(data)
	for _, t := range ts {
		block, err := t.block(res, l)
		if err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
		if text, err = replaceBetween(text, t.name, block); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	return os.WriteFile(file, []byte(text), 0o644)
}

// replaceBetween replaces what is between the markers of table name.
func replaceBetween(text, name, block string) (string, error) {
	open, end := "<!-- perf:"+name+" -->\n", "<!-- /perf:"+name+" -->"
	i := strings.Index(text, open)
	j := strings.Index(text, end)
	if i < 0 || j < i || strings.Count(text, open) != 1 {
		return "", fmt.Errorf("no single pair of markers %q … %q", strings.TrimSpace(open), end)
	}
	return text[:i+len(open)] + block + text[j:], nil
}
