package main

import "time"

// Graph synchronizationJob, as GET /servicePrincipals/{id}/synchronization/jobs returns it.
type syncJob struct {
	ID                         string      `json:"id"`
	TemplateID                 string      `json:"templateId"`
	Schedule                   syncSched   `json:"schedule"`
	Status                     syncStatus  `json:"status"`
	SynchronizationJobSettings []nameValue `json:"synchronizationJobSettings"`
}

type syncSched struct {
	Expiration any    `json:"expiration"`
	Interval   string `json:"interval"`
	State      string `json:"state"`
}

type syncStatus struct {
	Code                               string          `json:"code"`
	CountSuccessiveCompleteFailures    int             `json:"countSuccessiveCompleteFailures"`
	EscrowsPruned                      bool            `json:"escrowsPruned"`
	LastExecution                      *syncExecution  `json:"lastExecution"`
	LastSuccessfulExecution            *syncExecution  `json:"lastSuccessfulExecution"`
	LastSuccessfulExecutionWithExports *syncExecution  `json:"lastSuccessfulExecutionWithExports"`
	Progress                           []any           `json:"progress"`
	Quarantine                         *syncQuarantine `json:"quarantine"`
	SteadyStateFirstAchievedTime       string          `json:"steadyStateFirstAchievedTime"`
	SteadyStateLastAchievedTime        string          `json:"steadyStateLastAchievedTime"`
	SynchronizedEntryCountByType       []keyCount      `json:"synchronizedEntryCountByType"`
	TroubleshootingURL                 any             `json:"troubleshootingUrl"`
}

type syncExecution struct {
	ActivityIdentifier           string     `json:"activityIdentifier"`
	CountEntitled                int        `json:"countEntitled"`
	CountEntitledForProvisioning int        `json:"countEntitledForProvisioning"`
	CountEscrowed                int        `json:"countEscrowed"`
	CountEscrowedRaw             int        `json:"countEscrowedRaw"`
	CountExported                int        `json:"countExported"`
	CountExports                 int        `json:"countExports"`
	CountImported                int        `json:"countImported"`
	CountImportedDeltas          int        `json:"countImportedDeltas"`
	CountImportedReferenceDeltas int        `json:"countImportedReferenceDeltas"`
	Error                        *syncError `json:"error"`
	State                        string     `json:"state"`
	TimeBegan                    string     `json:"timeBegan"`
	TimeEnded                    string     `json:"timeEnded"`
}

type syncQuarantine struct {
	CurrentBegan string    `json:"currentBegan"`
	NextAttempt  string    `json:"nextAttempt"`
	Reason       string    `json:"reason"`
	SeriesBegan  string    `json:"seriesBegan"`
	SeriesCount  int       `json:"seriesCount"`
	Error        syncError `json:"error"`
}

type syncError struct {
	Code             string `json:"code"`
	Message          string `json:"message"`
	TenantActionable bool   `json:"tenantActionable"`
}

type nameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type keyCount struct {
	Key   string `json:"key"`
	Value int    `json:"value"`
}

var credentialError = syncError{
	Code:             "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
	Message:          "You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account. Error code: SystemForCrossDomainIdentityManagementCredentialValidationFailure Details: StatusCode: Unauthorized",
	TenantActionable: true,
}

// syncJobs renders the job configuration of every Entra job as the export at the end of the
// window saw it.
func (w *world) syncJobs() []byte {
	var jobs []syncJob
	for _, a := range w.apps {
		if a.jobID == "" {
			continue
		}
		jobs = append(jobs, w.syncJob(a))
	}
	return indentJSON(struct {
		Value []syncJob `json:"value"`
	}{jobs})
}

func (w *world) syncJob(a *app) syncJob {
	users := 0
	for _, p := range w.people {
		if a.assigned(p) && p.activeAt(windowEnd) {
			users++
		}
	}
	last := nextCycle(a, windowEnd.Add(-entraCycle))
	exec := func(began time.Time, state string, exported int, err *syncError) *syncExecution {
		return &syncExecution{
			ActivityIdentifier: w.guid(), CountEntitled: users, CountEntitledForProvisioning: users, CountExported: exported,
			CountExports: exported, CountImported: users, CountImportedDeltas: 1 + w.pick(5), Error: err, State: state,
			TimeBegan: entraTime(began), TimeEnded: entraTime(began.Add(w.between(20*time.Second, 3*time.Minute))),
		}
	}
	j := syncJob{
		ID: a.jobID, TemplateID: a.template,
		Schedule: syncSched{Interval: "PT40M", State: "Active"},
		Status: syncStatus{
			Code: "Active", Progress: []any{},
			SteadyStateFirstAchievedTime: entraTime(jobStart(a).Add(2 * time.Hour)),
			SteadyStateLastAchievedTime:  entraTime(last),
			SynchronizedEntryCountByType: []keyCount{{Key: "urn:ietf:params:scim:schemas:core:2.0:User", Value: users}},
		},
		SynchronizationJobSettings: []nameValue{{Name: "QuarantineTooManyDeletesThreshold", Value: "500"}},
	}
	j.Status.LastExecution = exec(last, "Succeeded", 0, nil)
	j.Status.LastSuccessfulExecution = j.Status.LastExecution
	j.Status.LastSuccessfulExecutionWithExports = exec(w.lastExport(a), "Succeeded", 1, nil)
	if a.slug == "notion" {
		attempts := w.notionAttemptTimes
		lastAttempt := attempts[len(attempts)-1]
		err := credentialError
		j.Status.Code = "Quarantine"
		j.Status.CountSuccessiveCompleteFailures = len(attempts)
		j.Status.LastExecution = exec(lastAttempt, "Failed", 0, &err)
		j.Status.LastExecution.CountEscrowed, j.Status.LastExecution.CountEscrowedRaw = users, users
		j.Status.LastSuccessfulExecution, j.Status.LastSuccessfulExecutionWithExports = nil, nil
		j.Status.SteadyStateFirstAchievedTime, j.Status.SteadyStateLastAchievedTime = "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"
		j.Status.SynchronizedEntryCountByType = []keyCount{}
		j.Status.Quarantine = &syncQuarantine{
			CurrentBegan: entraTime(attempts[0]), NextAttempt: entraTime(lastAttempt.Add(24 * time.Hour)),
			Reason: "EncounteredQuarantineException", SeriesBegan: entraTime(attempts[0]), SeriesCount: len(attempts), Error: err,
		}
	}
	return j
}

// lastExport is the time of the last cycle in which a's job exported something.
func (w *world) lastExport(a *app) time.Time {
	var last time.Time
	for _, o := range w.ops {
		if o.app == a && o.platform == "entra" && o.result == "success" {
			last = o.at
		}
	}
	start := jobStart(a)
	return start.Add(last.Sub(start) / entraCycle * entraCycle)
}
