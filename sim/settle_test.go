package sim

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Settle's error names the controller and object still busy.
func TestSettleErrorNamesBusyWork(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	must(t, c.CreateDeployment(webDeployment(1, 48*time.Hour)))
	err := c.Settle()
	if !errors.Is(err, ErrNotSettled) || !strings.Contains(err.Error(), "still busy: kubelet: pod default/web-") {
		t.Fatalf("Settle: %v", err)
	}
}

// The task budget grows with what the cluster holds.
func TestSettleBudgetScales(t *testing.T) {
	c := mustNew(t, Config{Seed: 1})
	small := c.taskBudget()
	must(t, c.CreateDeployment(webDeployment(300, 0)))
	settleCheck(t, c)
	if c.taskBudget() < small+300*settleTasksPerObject {
		t.Errorf("budget %d with 300 pods, %d without", c.taskBudget(), small)
	}
}
