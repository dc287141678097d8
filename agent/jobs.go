package agent

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/internal/panics"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
)

// JobState is the state of a send job.
type JobState string

// The states of a send job. A job of an agent that stopped stays
// JobRunning in the state directory: the next agent on it resumes it.
const (
	JobRunning JobState = "running" // sending, or waiting for the service's answers
	JobDone    JobState = "done"    // every record has its answer (some may be refused: see Report)
	JobFailed  JobState = "failed"  // the upload stopped: see Error
)

// Job is a send job, as GET /v1/jobs/{id} answers it and as the state
// directory keeps it (job.json).
type Job struct {
	ID         string      `json:"id"`
	Type       string      `json:"type"`       // "send"
	State      JobState    `json:"state"`      //
	PacketKind string      `json:"packetKind"` // LoaiGoiTin of the records: HOSO or BIENDONG
	Records    int         `json:"records"`    // records in the packet given
	Created    time.Time   `json:"created"`
	Updated    time.Time   `json:"updated"`
	Restarts   int         `json:"restarts"` // times an agent resumed it after a stop
	Progress   JobProgress `json:"progress"`
	Report     *SendReport `json:"report,omitempty"` // when done
	Error      *ErrorBody  `json:"error,omitempty"`  // when failed
}

// JobProgress counts a send job's steps (ndxp.Progress) in this run of
// the job; Resumed counts the packets answered before a restart.
type JobProgress struct {
	Records  int `json:"records"`  // records read
	Packets  int `json:"packets"`  // packets made, or found in the journal
	Sent     int `json:"sent"`     // packets the service acknowledged
	Done     int `json:"done"`     // packets with a final answer
	Accepted int `json:"accepted"` // records accepted
	Warned   int `json:"warned"`   // records accepted with warnings
	Refused  int `json:"refused"`  // records refused
	Resumed  int `json:"resumed"`  // packets answered in an earlier run, from the journal
}

// SendReport is the outcome of a send job that is done.
type SendReport struct {
	Accepted       int             `json:"accepted"`
	Warned         int             `json:"warned"`
	Refused        int             `json:"refused"`
	Packets        []SentPacket    `json:"packets"`
	RefusedRecords []RefusedRecord `json:"refusedRecords"`
	Late           []DueChange     `json:"late"`    // change events reported after their deadline (R-BD-004)
	DueSoon        []DueChange     `json:"dueSoon"` // change events due the day they were sent or the next working day
}

// SentPacket is one packet of a send job.
type SentPacket struct {
	ID    string       `json:"id"`    // MaGoiTin
	First int          `json:"first"` // position of its first record in the packet given
	Count int          `json:"count"`
	State packet.State `json:"state"` // DA_XU_LY, or TU_CHOI when refused whole
}

// RefusedRecord is a record the service refused.
type RefusedRecord struct {
	Index    int       `json:"index"` // position in the packet given
	Key      string    `json:"key"`   // the personal ID of a HOSO record, the MaBienDong of a BIENDONG one
	Findings []Finding `json:"findings"`
}

// DueChange is a change event with its deadline (ndxp.DueChange).
type DueChange struct {
	Index      int    `json:"index"`
	ID         string `json:"id"`         // MaBienDong
	PersonalID string `json:"personalId"` // SoDinhDanh
	Arose      string `json:"arose"`      // the day the change arose
	Due        string `json:"due"`        // the last day for reporting it
	Official   bool   `json:"official"`   // every year counted has an official holiday schedule
}

// jobs are the agent's send jobs.
type jobs struct {
	a      *Agent
	dir    string
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	byID    map[string]*Job
	running int
}

// openJobs reads the jobs of Config.StateDir and resumes those an earlier
// agent left running.
func openJobs(ctx context.Context, a *Agent) (*jobs, error) {
	ctx, cancel := context.WithCancel(ctx)
	j := &jobs{a: a, dir: a.cfg.StateDir, ctx: ctx, cancel: cancel, byID: map[string]*Job{}}
	if j.dir == "" {
		return j, nil
	}
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		cancel()
		return nil, fmt.Errorf("agent: state directory: %w", err)
	}
	entries, err := os.ReadDir(j.dir)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("agent: state directory: %w", err)
	}
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), prunedSuffix); ok && e.IsDir() && uuid.Validate(id) == nil {
			j.remove(e.Name()) // pruned by an agent that stopped before it was gone
			continue
		}
		if _, err := uuid.Parse(e.Name()); err != nil || !e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(j.dir, e.Name(), "job.json"))
		if err != nil {
			continue // a job whose creation was interrupted: never accepted
		}
		var job Job
		if err := json.Unmarshal(b, &job); err != nil || job.ID != e.Name() {
			cancel()
			return nil, fmt.Errorf("agent: state directory: %s: job.json is not a job's", e.Name())
		}
		j.byID[job.ID] = &job
		if job.State == JobRunning {
			j.resume(&job)
		}
	}
	j.prune()
	return j, nil
}

// prunedSuffix marks the directory of a job being removed: renamed first,
// so that a stop halfway leaves no job without its job.json.
const prunedSuffix = ".pruned"

// prune removes the ended jobs older than Config.JobRetention, then the
// oldest beyond Config.MaxEndedJobs: their entries, then their
// directories.
func (j *jobs) prune() {
	now := j.a.cfg.Now()
	j.mu.Lock()
	var ended []*Job
	for _, job := range j.byID {
		if job.State != JobRunning {
			ended = append(ended, job)
		}
	}
	slices.SortFunc(ended, func(x, y *Job) int { return cmp.Or(y.Updated.Compare(x.Updated), strings.Compare(y.ID, x.ID)) })
	var gone []string
	for i, job := range ended {
		if i >= j.a.cfg.MaxEndedJobs || now.Sub(job.Updated) > j.a.cfg.JobRetention {
			delete(j.byID, job.ID)
			gone = append(gone, job.ID)
		}
	}
	j.mu.Unlock()
	for _, id := range gone {
		if err := os.Rename(filepath.Join(j.dir, id), filepath.Join(j.dir, id+prunedSuffix)); err != nil {
			j.a.cfg.Logger.Error("agent: removing an ended job", "job", id, "error", err)
			continue
		}
		j.remove(id + prunedSuffix)
		j.a.cfg.Logger.Info("agent: ended job removed", "job", id)
	}
}

// remove deletes a pruned job's directory.
func (j *jobs) remove(name string) {
	if err := os.RemoveAll(filepath.Join(j.dir, name)); err != nil {
		j.a.cfg.Logger.Error("agent: removing an ended job", "dir", name, "error", err)
	}
}

// resume starts again a job an earlier agent left running: the uploader's
// journal skips what the service has answered, and resends under the
// same MaGoiTin what it may have seen.
func (j *jobs) resume(job *Job) {
	job.Restarts++
	job.Progress = JobProgress{}
	if e := j.ready(); e != nil {
		job.State, job.Error = JobFailed, e
		job.Updated = j.a.cfg.Now()
		j.save(job)
		return
	}
	j.a.cfg.Logger.Info("agent: resuming a send job", "job", job.ID, "restarts", job.Restarts)
	j.running++
	j.start(job)
}

// ready is nil when send jobs can run, or the answer saying what is missing.
func (j *jobs) ready() *ErrorBody {
	switch {
	case j.dir == "":
		return notConfigured("Dịch vụ chưa có thư mục lưu trạng thái công việc gửi.", "the agent has no state directory for send jobs")
	case j.a.cfg.Client == nil:
		return notConfigured("Dịch vụ chưa được cấu hình kết nối tới Cơ sở dữ liệu quốc gia về CBCCVC.", "the agent has no client of the national service")
	case j.a.cfg.Client.Signer() == nil:
		return notConfigured("Dịch vụ chưa có khóa để ký số các gói tin gửi đi.", "the agent's client of the national service has no signer")
	}
	return nil
}

// close stops the jobs and waits for them.
func (j *jobs) close() {
	j.cancel()
	j.wg.Wait()
}

func (a *Agent) submitSend(w http.ResponseWriter, r *http.Request) {
	j := a.jobs
	if e := j.ready(); e != nil {
		writeError(w, e)
		return
	}
	// The slot is taken before the body is read: a full agent reads nothing.
	j.mu.Lock()
	if j.running >= a.cfg.MaxJobs {
		j.mu.Unlock()
		writeError(w, busy("công việc gửi", a.cfg.MaxJobs, 30))
		return
	}
	j.running++
	j.mu.Unlock()
	started := false
	defer func() {
		if !started {
			j.release()
		}
	}()
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	p, fs, err := packet.Decode(bytes.NewReader(body), packet.FormatAuto, packet.Limits{})
	if err == nil && fs != nil {
		err = fs // a value that did not bind would not be sent
	}
	if err != nil {
		writeError(w, packetError(err))
		return
	}
	if k := p.Header.Kind; k != packet.KindProfiles && k != packet.KindChanges {
		writeError(w, newError(http.StatusUnprocessableEntity, CodeInvalidPacket,
			"Gói tin loại "+quoteVI(string(k))+" không gửi được. Đề nghị gửi gói tin hồ sơ (HOSO) hoặc biến động (BIENDONG).",
			"a "+string(k)+" packet is not sent: only HOSO and BIENDONG records are"))
		return
	}
	job, err := j.create(p, body)
	if err != nil {
		writeError(w, internalError(err))
		return
	}
	started = true
	j.start(job)
	w.Header().Set("Location", "/v1/jobs/"+job.ID)
	writeJSON(w, http.StatusAccepted, j.snapshot(job))
}

// release frees a running job's slot.
func (j *jobs) release() {
	j.mu.Lock()
	j.running--
	j.mu.Unlock()
}

// create writes a new job's directory: the packet, then job.json, each
// synced, so that a job the agent answered 202 for survives a crash.
func (j *jobs) create(p *packet.Packet, body []byte) (*Job, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(j.dir, id.String())
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	if err := writeSynced(filepath.Join(dir, "packet"), body); err != nil {
		return nil, err
	}
	now := j.a.cfg.Now()
	job := &Job{ID: id.String(), Type: "send", State: JobRunning, PacketKind: string(p.Header.Kind),
		Records: p.Records.Len(), Created: now, Updated: now}
	if err := j.save(job); err != nil {
		return nil, err
	}
	j.mu.Lock()
	j.byID[job.ID] = job
	j.mu.Unlock()
	return job, nil
}

// start runs a job in the background; its slot is taken.
func (j *jobs) start(job *Job) {
	j.wg.Go(func() {
		var err error
		func() {
			defer panics.Recover(errPanic, &err)
			err = j.run(job)
		}()
		j.finish(job, err)
	})
}

var errPanic = errors.New("agent: panic in a send job")

// run uploads the job's packet through the uploader and its journal.
func (j *jobs) run(job *Job) error {
	dir := filepath.Join(j.dir, job.ID)
	body, err := os.ReadFile(filepath.Join(dir, "packet"))
	if err != nil {
		return err
	}
	p, fs, err := packet.Decode(bytes.NewReader(body), packet.FormatAuto, packet.Limits{})
	if err == nil && fs != nil {
		err = fs
	}
	if err != nil {
		return err
	}
	cfg := j.a.cfg.Upload
	cfg.Kind, cfg.Journal, cfg.Now = p.Header.Kind, filepath.Join(dir, "journal"), j.a.cfg.Now
	cfg.Progress = func(pr ndxp.Progress) {
		j.mu.Lock()
		job.Progress = JobProgress(pr)
		job.Updated = j.a.cfg.Now()
		j.mu.Unlock()
	}
	if cfg.Software == "" {
		cfg.Software = "cbccvc serve"
	}
	records := ndxp.Profiles(p.Records.Profiles)
	if p.Header.Kind == packet.KindChanges {
		records = ndxp.Changes(p.Records.Changes)
	}
	rep, err := j.a.cfg.Client.Uploader(cfg).Upload(j.ctx, records)
	if err == nil {
		j.mu.Lock()
		job.Report = sendReport(rep)
		j.mu.Unlock()
	}
	return err
}

// finish records a job's end and frees its slot, in one step: a client
// that sees the job ended may start another. A job stopped by Close stays
// running on disk, for the next agent to resume.
func (j *jobs) finish(job *Job, err error) {
	if err != nil && j.ctx.Err() != nil {
		j.release()
		j.a.cfg.Logger.Info("agent: send job stopped with the agent; it resumes at the next start", "job", job.ID)
		return
	}
	j.mu.Lock()
	j.running--
	job.Updated = j.a.cfg.Now()
	job.State = JobDone
	if err != nil {
		job.State, job.Report = JobFailed, nil
		job.Error = fromError(http.StatusBadGateway, CodeService, err)
		if errors.Is(err, errPanic) {
			job.Error = internalError(err)
		}
	}
	snapshot := *job
	j.mu.Unlock()
	if serr := j.save(&snapshot); serr != nil {
		j.a.cfg.Logger.Error("agent: saving a job's state", "job", job.ID, "error", serr)
	}
	j.a.cfg.Logger.Info("agent: send job ended", "job", job.ID, "state", snapshot.State)
	j.prune()
}

// save writes job.json in place, atomically.
func (j *jobs) save(job *Job) error {
	b, err := json.MarshalIndent(job, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(j.dir, job.ID, "job.json")
	if err := writeSynced(path+".tmp", b); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// writeSynced writes a file and syncs it before closing.
func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// snapshot copies a job under the lock.
func (j *jobs) snapshot(job *Job) Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	return *job
}

// JobList is the answer of GET /v1/jobs.
type JobList struct {
	Jobs []Job `json:"jobs"` // newest first
}

func (a *Agent) listJobs(w http.ResponseWriter, r *http.Request) {
	j := a.jobs
	j.mu.Lock()
	list := JobList{Jobs: make([]Job, 0, len(j.byID))}
	for _, job := range j.byID {
		list.Jobs = append(list.Jobs, *job)
	}
	j.mu.Unlock()
	slices.SortFunc(list.Jobs, func(x, y Job) int { return -x.Created.Compare(y.Created) })
	writeJSON(w, http.StatusOK, list)
}

func (a *Agent) getJob(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a.jobs.mu.Lock()
	job, ok := a.jobs.byID[id]
	var snap Job
	if ok {
		snap = *job
	}
	a.jobs.mu.Unlock()
	if !ok {
		writeError(w, notFound("công việc "+quoteVI(id)))
		return
	}
	writeJSON(w, http.StatusOK, snap)
}

// sendReport turns the uploader's report into the agent's.
func sendReport(rep *ndxp.UploadReport) *SendReport {
	s := &SendReport{Packets: []SentPacket{}, RefusedRecords: []RefusedRecord{}, Late: []DueChange{}, DueSoon: []DueChange{}}
	if rep == nil {
		return s
	}
	s.Accepted, s.Warned, s.Refused = rep.Accepted, rep.Warned, rep.Refused
	for _, p := range rep.Packets {
		s.Packets = append(s.Packets, SentPacket{ID: p.ID.String(), First: p.First, Count: p.Count, State: p.State})
	}
	for i, res := range rep.RefusedRecords() {
		s.RefusedRecords = append(s.RefusedRecords, RefusedRecord{Index: i, Key: res.Key, Findings: findings(res.Violations)})
	}
	due := func(ds []ndxp.DueChange) []DueChange {
		out := []DueChange{}
		for _, d := range ds {
			out = append(out, DueChange{Index: d.Index, ID: d.ID.String(), PersonalID: d.PersonalID.String(),
				Arose: d.Arose.String(), Due: d.Due.String(), Official: d.Official})
		}
		return out
	}
	s.Late, s.DueSoon = due(rep.Late), due(rep.DueSoon)
	return s
}
