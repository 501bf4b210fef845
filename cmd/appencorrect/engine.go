package main

import (
	"fmt"
	"log/slog"

	"appencorrect/internal/builtin"
	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/pipeline"
)

// newBuiltin loads the embedded dictionaries and returns the built-in
// engine.
func newBuiltin() (*builtin.Engine, error) {
	d, err := spell.Load()
	if err != nil {
		return nil, fmt.Errorf("loading the English dictionary: %w", err)
	}
	return builtin.New(d), nil
}

// newPipeline returns the check pipeline for the configuration: the
// built-in engine by default.
func newPipeline(log *slog.Logger) (*pipeline.Pipeline, error) {
	eng, err := newBuiltin()
	if err != nil {
		return nil, err
	}
	log.Info("engine ready", "engine", eng.Name())
	return pipeline.New(eng, builtin.DetectLanguage), nil
}
