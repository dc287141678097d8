package agent_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/packet"
)

// waitJob polls a job until until says so, or fails the test after a
// generous bound (the sandbox answers in milliseconds).
func waitJob(t *testing.T, f *fixture, id string, until func(agent.Job) bool) agent.Job {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		w := serve(t, f.h, httptest.NewRequest("GET", "/v1/jobs/"+id, nil))
		job := decode[agent.Job](t, w)
		if until(job) {
			return job
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: still %+v", id, job)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func submit(t *testing.T, f *fixture, pkt []byte) agent.Job {
	t.Helper()
	w := serve(t, f.h, post("/v1/send", pkt))
	if w.Code != 202 {
		t.Fatalf("send: %d %s", w.Code, w.Body.Bytes())
	}
	job := decode[agent.Job](t, w)
	if w.Header().Get("Location") != "/v1/jobs/"+job.ID || job.State != agent.JobRunning {
		t.Fatalf("send: Location %q, %+v", w.Header().Get("Location"), job)
	}
	return job
}

func TestSendJob(t *testing.T) {
	f := newFixture(t, ndxptest.Config{}, func(c *agent.Config) { c.Upload.MaxRecords = 2 })
	for _, tc := range []struct {
		kind packet.Kind
		n    int
	}{{packet.KindProfiles, 5}, {packet.KindChanges, 3}} {
		job := submit(t, f, f.packetOf(t, tc.kind, tc.n, packet.FormatXML))
		job = waitJob(t, f, job.ID, func(j agent.Job) bool { return j.State != agent.JobRunning })
		if job.State != agent.JobDone || job.Report == nil || job.Report.Accepted+job.Report.Warned+job.Report.Refused != tc.n ||
			len(job.Report.Packets) != (tc.n+1)/2 || job.PacketKind != string(tc.kind) {
			t.Errorf("%s: %+v %+v", tc.kind, job, job.Report)
		}
	}
	list := decode[agent.JobList](t, serve(t, f.h, httptest.NewRequest("GET", "/v1/jobs", nil)))
	if len(list.Jobs) != 2 || list.Jobs[0].PacketKind != "BIENDONG" {
		t.Errorf("jobs: %+v", list)
	}
	// Packets of other kinds, or unreadable, are refused before a job is made.
	bad := breakID(t, f.packetOf(t, packet.KindProfiles, 1, packet.FormatJSON))
	if w := serve(t, f.h, post("/v1/send", bad)); w.Code != 422 {
		t.Errorf("a broken packet: %d %s", w.Code, w.Body.Bytes())
	}
}

func TestSendJobCap(t *testing.T) {
	// The sandbox holds each packet an hour: the first job keeps its slot.
	f := newFixture(t, ndxptest.Config{ProcessingTime: time.Hour}, func(c *agent.Config) { c.MaxJobs = 1 })
	pkt := f.packetOf(t, packet.KindProfiles, 1, packet.FormatJSON)
	first := submit(t, f, pkt)
	waitJob(t, f, first.ID, func(j agent.Job) bool { return j.Progress.Sent == 1 })
	spy := &readSpy{r: bytes.NewReader(pkt)}
	w := serve(t, f.h, httptest.NewRequest("POST", "/v1/send", spy))
	if e := decode[agent.ErrorBody](t, w); w.Code != 429 || e.Code != agent.CodeBusy || w.Header().Get("Retry-After") == "" {
		t.Fatalf("a job over the cap: %d %+v", w.Code, e)
	}
	if spy.read != 0 {
		t.Errorf("%d bytes read of a job refused for the cap", spy.read)
	}
	f.srv.Advance(2 * time.Hour)
	waitJob(t, f, first.ID, func(j agent.Job) bool { return j.State == agent.JobDone })
	// The slot is free again.
	second := submit(t, f, pkt)
	waitJob(t, f, second.ID, func(j agent.Job) bool { return j.Progress.Sent == 1 })
	f.srv.Advance(2 * time.Hour)
	waitJob(t, f, second.ID, func(j agent.Job) bool { return j.State == agent.JobDone })
}

// A job interrupted by a stop of the agent is resumed by the next agent on
// the same state directory, from its journal: nothing is sent twice.
func TestSendJobResumes(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, ndxptest.Config{ProcessingTime: time.Hour}, func(c *agent.Config) { c.StateDir = dir; c.Upload.MaxRecords = 2 })
	job := submit(t, f, f.packetOf(t, packet.KindProfiles, 5, packet.FormatJSON))
	waitJob(t, f, job.ID, func(j agent.Job) bool { return j.Progress.Sent == 3 })
	f.a.Close()

	var onDisk agent.Job
	b, err := os.ReadFile(filepath.Join(dir, job.ID, "job.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &onDisk); err != nil || onDisk.State != agent.JobRunning {
		t.Fatalf("job.json after the stop: %v %+v", err, onDisk)
	}

	f.srv.Advance(2 * time.Hour) // the service has processed the packets meanwhile
	a, err := agent.New(t.Context(), f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	g := &fixture{srv: f.srv, a: a, h: a.Handler(), cfg: f.cfg}
	got := waitJob(t, g, job.ID, func(j agent.Job) bool { return j.State != agent.JobRunning })
	if got.State != agent.JobDone || got.Restarts != 1 || got.Report.Accepted != 5 || got.Progress.Resumed != 0 && got.Progress.Resumed > 3 {
		t.Errorf("after the restart: %+v %+v", got, got.Report)
	}
	// Packets the service acknowledged are sent again under their
	// MaGoiTin, which it answers idempotently: three packets, five profiles.
	ids := map[string]bool{}
	for _, r := range f.srv.Received() {
		if r.Endpoint == "submit" {
			ids[r.Packet.String()] = true
			if r.Status != 202 && r.Status != 200 {
				t.Errorf("a submission answered %d", r.Status)
			}
		}
	}
	if st := f.srv.Stats(); len(ids) != 3 || st.ProfilesStored != 5 {
		t.Errorf("the sandbox received %d packets, stored %d profiles; want 3 and 5", len(ids), st.ProfilesStored)
	}
}

// An agent restarted without what a job needs reports the job failed,
// saying what is missing, rather than leaving it running for ever.
func TestSendJobReportedWhenItCannotResume(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, ndxptest.Config{ProcessingTime: time.Hour}, func(c *agent.Config) { c.StateDir = dir })
	job := submit(t, f, f.packetOf(t, packet.KindProfiles, 1, packet.FormatJSON))
	waitJob(t, f, job.ID, func(j agent.Job) bool { return j.Progress.Sent == 1 })
	f.a.Close()

	a, err := agent.New(t.Context(), agent.Config{StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	got := decode[agent.Job](t, serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/jobs/"+job.ID, nil)))
	if got.State != agent.JobFailed || got.Error == nil || got.Error.Code != agent.CodeNotConfigured || got.Restarts != 1 {
		t.Errorf("%+v %+v", got, got.Error)
	}
}

// Ended jobs are kept for Config.JobRetention after they ended, and at
// most Config.MaxEndedJobs of them, the newest; a running job is never
// removed, and a directory a stopped agent was pruning is finished off.
func TestEndedJobsPruned(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	dir := t.TempDir()
	write := func(id string, state agent.JobState, updated time.Time) {
		t.Helper()
		b, err := json.Marshal(agent.Job{ID: id, Type: "send", State: state, PacketKind: "HOSO", Created: updated.Add(-time.Hour), Updated: updated})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, id), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, id, "job.json"), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const (
		old     = "0193a000-0000-7000-8000-000000000001" // done 31 days ago: past the retention
		month   = "0193a000-0000-7000-8000-000000000002" // failed 30 days ago: kept
		recent  = "0193a000-0000-7000-8000-000000000003" // done yesterday
		newest  = "0193a000-0000-7000-8000-000000000004" // done an hour ago
		running = "0193a000-0000-7000-8000-000000000005" // running since 40 days ago
		pruning = "0193a000-0000-7000-8000-000000000006"
	)
	write(old, agent.JobDone, now.Add(-31*day))
	write(month, agent.JobFailed, now.Add(-30*day))
	write(recent, agent.JobDone, now.Add(-day))
	write(newest, agent.JobDone, now.Add(-time.Hour))
	write(running, agent.JobRunning, now.Add(-40*day))
	write(pruning, agent.JobDone, now.Add(-40*day))
	if err := os.Rename(filepath.Join(dir, pruning), filepath.Join(dir, pruning+".pruned")); err != nil {
		t.Fatal(err)
	}

	open := func(cfg agent.Config) []string {
		t.Helper()
		cfg.StateDir, cfg.Now = dir, func() time.Time { return now }
		a, err := agent.New(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		var ids []string
		for _, j := range decode[agent.JobList](t, serve(t, a.Handler(), httptest.NewRequest("GET", "/v1/jobs", nil))).Jobs {
			ids = append(ids, j.ID)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != len(ids) {
			t.Errorf("%d directories for %d jobs: %v", len(entries), len(ids), entries)
		}
		slices.Sort(ids)
		return ids
	}
	// The running job cannot resume without a client: it fails now, and
	// is kept as the newest.
	if got, want := open(agent.Config{}), []string{month, recent, newest, running}; !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
	if got, want := open(agent.Config{MaxEndedJobs: 2}), []string{newest, running}; !slices.Equal(got, want) {
		t.Errorf("with MaxEndedJobs 2: kept %v, want %v", got, want)
	}
	if got := open(agent.Config{JobRetention: time.Minute}); !slices.Equal(got, []string{running}) {
		t.Errorf("with JobRetention 1 min: kept %v", got)
	}
}
