package server

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
	"unicode/utf8"

	"appencorrect/internal/api"
	"appencorrect/internal/correction"
)

// The check stream (POST /check/stream, POST /demo/check/stream) answers
// text/event-stream: "corrections" events as parts of the text are settled
// while the model writes, "withdraw" events for corrections the finished
// answer does not hold, then "result" with exactly the JSON /check answers,
// or "error" with the API's error JSON when the check fails after the
// stream began.

// StreamSpan is the data of a "corrections" event: the settled part of the
// text, in code points and UTF-16 code units of the whole text, and the
// corrections found in it.
type StreamSpan struct {
	Span        [2]int           `json:"span"`
	SpanUTF16   [2]int           `json:"span_utf16"`
	Corrections []api.Correction `json:"corrections"`
}

// StreamWithdraw is the data of a "withdraw" event: corrections sent
// before that the answer no longer holds, as they were sent.
type StreamWithdraw struct {
	Corrections []api.Correction `json:"corrections"`
}

// streamHeartbeat is the longest silence of a stream: an SSE comment
// keeps proxies from closing an idle connection.
const streamHeartbeat = 10 * time.Second

// eventStream writes server-sent events; it is safe for concurrent use.
// The stream begins (status 200 and its headers) with its first event or
// heartbeat: a check that fails before gets an ordinary JSON error.
type eventStream struct {
	mu      sync.Mutex
	w       http.ResponseWriter
	rc      *http.ResponseController
	text    string
	off     *correction.Offsets
	started bool
	last    time.Time // of the last write
	err     error     // the first write error: the client is gone
}

func newEventStream(w http.ResponseWriter, text string) *eventStream {
	return &eventStream{w: w, rc: http.NewResponseController(w), text: text, off: correction.NewOffsets(text), last: time.Now()}
}

// start writes the headers once; es.mu is held.
func (es *eventStream) start() {
	if es.started {
		return
	}
	es.started = true
	h := es.w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	es.w.WriteHeader(http.StatusOK)
}

// begun reports whether the stream has begun.
func (es *eventStream) begun() bool {
	es.mu.Lock()
	defer es.mu.Unlock()
	return es.started
}

// send writes one event whose data is v's JSON.
func (es *eventStream) send(event string, v any) {
	b, err := encodeJSON(v)
	if err != nil {
		b = []byte(`{"status":"error","error":"Internal error","message":"response encoding failed"}` + "\n")
		event = "error"
	}
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.err != nil {
		return
	}
	es.start()
	// encodeJSON's output holds no newline but the last one.
	if _, es.err = es.w.Write([]byte("event: " + event + "\ndata: ")); es.err != nil {
		return
	}
	if _, es.err = es.w.Write(b); es.err != nil {
		return
	}
	if _, es.err = es.w.Write([]byte("\n")); es.err != nil {
		return
	}
	es.flush()
}

// comment writes an SSE comment (a heartbeat) when the stream has been
// silent for streamHeartbeat.
func (es *eventStream) comment() {
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.err == nil && time.Since(es.last) >= streamHeartbeat {
		es.start()
		_, es.err = es.w.Write([]byte(": keep-alive\n\n"))
		es.flush()
	}
}

// flush sends what was written; es.mu is held.
func (es *eventStream) flush() {
	es.last = time.Now()
	if es.err == nil {
		if err := es.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			es.err = err
		}
	}
}

// Corrections implements pipeline.Progress.
func (es *eventStream) Corrections(start, end int, cs []correction.Correction) {
	es.send("corrections", StreamSpan{
		Span:        [2]int{es.off.Runes(start), es.off.Runes(end)},
		SpanUTF16:   [2]int{es.off.UTF16(start), es.off.UTF16(end)},
		Corrections: api.Corrections(es.text, cs),
	})
}

// Withdraw implements pipeline.Progress.
func (es *eventStream) Withdraw(cs []correction.Correction) {
	es.send("withdraw", StreamWithdraw{Corrections: api.Corrections(es.text, cs)})
}

// heartbeat writes a comment after each streamHeartbeat of silence until
// ctx is done.
func (es *eventStream) heartbeat(ctx context.Context) {
	t := time.NewTicker(streamHeartbeat / 4)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			es.comment()
		}
	}
}

// streamCheck runs in's check as an event stream, recording its usage as
// runCheck does.
func (s *Server) streamCheck(w http.ResponseWriter, r *http.Request, in checkInput) {
	if !s.prepareCheck(w, r, &in) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	es := newEventStream(w, in.req.Text)
	hctx, stop := context.WithCancel(ctx)
	defer stop()
	go es.heartbeat(hctx)
	res, err := s.deps.Pipeline.CheckStream(ctx, in.req, es)
	stop()
	noteCheck(r.Context(), utf8.RuneCountInString(in.req.Text), res)
	if err != nil {
		if !es.begun() {
			s.fail(w, r, err)
			return
		}
		f := s.failure(r, err)
		es.send("error", ErrorBody{Status: "error", Error: f.Title, Message: f.Message, Code: string(f.Code)})
		return
	}
	es.send("result", api.NewCheckResponse(res, in.aiFirst))
}

// checkStream is POST /check/stream: /check as an event stream.
func (s *Server) checkStream(w http.ResponseWriter, r *http.Request) {
	in, ok := s.keyedInput(w, r)
	if !ok {
		return
	}
	s.streamCheck(w, r, in)
}

// demoCheckStream is POST /demo/check/stream: /demo/check as an event
// stream.
func (s *Server) demoCheckStream(w http.ResponseWriter, r *http.Request) {
	in, err := s.parseCheck(r)
	if err != nil {
		writeRequestError(w, err)
		return
	}
	s.streamCheck(w, r, in)
}
