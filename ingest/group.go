package ingest

import (
	"errors"
	"fmt"
)

// GroupSink is a Sink that can also store several small files in one transaction.
type GroupSink interface {
	Sink
	Group() Group
}

// Group is one transaction that several files share: each is begun, written and committed in
// it as in a Sink of its own (with its own source id), and is stored only when the group's
// Commit is. Its Seen also knows the files it holds. The Rollback of any one file's
// transaction rolls the whole group back.
type Group interface {
	Sink
	Commit() error
	Rollback() error
}

// How many small files, and how many of their bytes, one group holds at most: a killed run
// loses the group it was writing (the same command adds it again), a failure reads the group's
// files before it again, and DuckDB keeps what it cannot write yet within its memory limit.
// 1000 Graph pages of 3 MB (DuckDB's own read: 13.1 s): a transaction each 19.1 s, groups of
// 64 MiB 17.4–18.2 s, 256 MiB 16.6–17.1 s, 1 GiB 15.6–16.0 s (peak RSS 490 MiB), all in one
// 15.7 s.
const (
	groupFiles = 1024
	groupBytes = 1 << 30
)

// groupRun puts the small files Files reads ahead into groups, and reports each file (done)
// once its group is committed. A file that fails in a group rolls it back: the files before it
// are then read again, each in a transaction of its own, and reported before the failure, as
// they would have been had every file had its own transaction.
type groupRun struct {
	sink    GroupSink // nil: the sink stores one file at a time
	group   Group     // open, holding members
	members []groupMember
	bytes   int64
	inputs  []Input
	opt     Options
	done    func(i int, src *Source, err error) bool
}

type groupMember struct {
	i   int
	src *Source
}

func newGroupRun(sink Sink, inputs []Input, opt Options, done func(int, *Source, error) bool) *groupRun {
	g, _ := sink.(GroupSink)
	return &groupRun{sink: g, inputs: inputs, opt: opt, done: done}
}

// takes reports whether a file read ahead goes into a group: one the Go decoders read, that
// was read and detected without error.
func (r *groupRun) takes(e *earlyFile) bool {
	if r.sink == nil {
		return false
	}
	<-e.ready
	return !e.late && e.openErr == nil && e.err == nil
}

// store writes input i into the open group (opening one if need be), commits the group once it
// is full, and reports whether the run goes on.
func (r *groupRun) store(i int, e *earlyFile) bool {
	if r.group == nil {
		r.group = r.sink.Group()
	}
	src, err := e.store(r.group, r.opt)
	if err != nil {
		return r.fail(i, src, err)
	}
	r.members = append(r.members, groupMember{i, src})
	r.bytes += src.Bytes
	if len(r.members) >= groupFiles || r.bytes >= groupBytes {
		return r.commit()
	}
	return true
}

// commit stores the open group, if any, and reports its files; it reports whether the run goes on.
func (r *groupRun) commit() bool {
	if r.group == nil {
		return true
	}
	err := r.group.Commit()
	members := r.take()
	for _, m := range members {
		if err != nil {
			if !r.done(m.i, nil, fmt.Errorf("%s: %w", r.inputs[m.i].Path, err)) {
				return false
			}
			continue
		}
		r.done(m.i, m.src, nil)
	}
	return true
}

// fail rolls the group back after input i failed in it, stores the files before i one by one,
// reports them, and then i's failure.
func (r *groupRun) fail(i int, src *Source, err error) bool {
	err = errors.Join(err, r.group.Rollback())
	opt := r.opt
	opt.Progress = nil // their bytes were counted once
	for _, m := range r.take() {
		again, againErr := File(r.inputs[m.i], r.sink, opt)
		if !r.done(m.i, again, againErr) && againErr != nil {
			return false
		}
	}
	return r.done(i, src, err)
}

// take empties the group.
func (r *groupRun) take() []groupMember {
	members := r.members
	r.group, r.members, r.bytes = nil, nil, 0
	return members
}
