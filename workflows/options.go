package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/huntflow/huntflow/activities"
)

// Retry policies. Store and LLM outages are retried with backoff for long
// enough to ride out a restart; bad input fails at once.
var (
	storeRetry = &temporal.RetryPolicy{
		InitialInterval:        time.Second,
		BackoffCoefficient:     2,
		MaximumInterval:        time.Minute,
		MaximumAttempts:        20,
		NonRetryableErrorTypes: []string{activities.ErrBadInput, activities.ErrEmptyStore},
	}
	llmRetry = &temporal.RetryPolicy{
		InitialInterval:        2 * time.Second,
		BackoffCoefficient:     2,
		MaximumInterval:        time.Minute,
		MaximumAttempts:        8,
		NonRetryableErrorTypes: []string{activities.ErrBadInput, activities.ErrLLMPermanent},
	}
)

func storeCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 2 * time.Minute,
		HeartbeatTimeout:    20 * time.Second,
		RetryPolicy:         storeRetry,
	})
}

func classifyCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		HeartbeatTimeout:    20 * time.Second,
		RetryPolicy:         storeRetry,
	})
}

// llmCtx is for steps that may wait on the LLM. They heartbeat while they
// wait, so a worker that dies mid-call is noticed within the heartbeat
// timeout, not at the end of the long start-to-close timeout.
func llmCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		HeartbeatTimeout:    30 * time.Second,
		RetryPolicy:         llmRetry,
	})
}
