package ingest

import "strings"

// The Okta event types that are provisioning evidence, and what each one means in the vocabulary.

// oktaKind is what an event type means in the vocabulary.
type oktaKind struct{ action, object string }

// oktaKindOf classifies a record by its event type, else by its legacy event type, else by the
// provisioning family its event type belongs to. ok is false for everything else: sign-ins,
// admin changes, and the triggers of provisioning (application.user_membership.*,
// group.application_assignment.*, group.user_membership.*, user.lifecycle.*), which say why a
// push should happen, not that a connector made one.
func oktaKindOf(eventType, legacy string) (kind oktaKind, ok bool) {
	if kind, ok = oktaKinds[eventType]; ok {
		return kind, true // Okta writes its types in lower case, as the catalogue holds them
	}
	eventType, legacy = strings.ToLower(eventType), strings.ToLower(legacy)
	if kind, ok = oktaKinds[eventType]; ok {
		return kind, true
	}
	if kind, ok = oktaKinds[legacy]; ok && legacy != "" {
		return kind, true
	}
	for _, fam := range oktaFamilies {
		if strings.HasPrefix(eventType, fam.prefix) {
			return fam.kind, true
		}
	}
	return oktaKind{}, false
}

// oktaKinds maps every provisioning event type of Okta's catalog, and the generic legacy names
// (legacyEventType) it lists for them, onto action and object (FIELDS.md §3). Keys are lower case.
var oktaKinds = buildOktaKinds([]oktaKindGroup{
	{oktaKind{ActionLookup, ObjectUser}, []string{
		"application.provision.user.verify_exists",
		"app.api.error.check_user_exists", "app.api.error.user.more_than_one_with_same_id",
		"app.user_management.verified_user_with_thirdparty",
	}},
	{oktaKind{ActionCreate, ObjectUser}, []string{
		"application.provision.user.push", "app.user_management.push_new_user_success",
		"app.user_management.push_new_user", "app.user_management.push_pending_user",
		"app.api.error.create_user", "app.api.error.create_pending_user",
		"app.api.error.user.not_found", "app.api.error.user.not_found_or_deleted",
	}},
	{oktaKind{ActionUpdate, ObjectUser}, []string{
		"application.provision.user.push_profile", "application.provision.user.sync",
		"app.user_management.push_profile_success", "app.user_management.push_profile_failure",
		"app.user_management.push_profile_update", "app.api.error.push_profile_update",
		"app.api.error.manager.not_found_for_user", "app.user_management.provision_user.user_inactive",
		"app.user_management.provision_user", "app.user_management.provision_user_failed",
	}},
	{oktaKind{ActionPassword, ObjectUser}, []string{
		"application.provision.user.push_password", "application.provision.user.push_okta_password",
		"application.provision.user.password",
		"app.user_management.push_unique_password_update", "app.user_management.push_okta_password_update",
		"app.api.error.push_password_update", "app.api.error.empty_password",
	}},
	{oktaKind{ActionDisable, ObjectUser}, []string{
		"application.provision.user.deactivate",
		"app.user_management.deactivate_user", "app.user_management.deactivate_user.api_account",
		"app.user_management.deactivate_user_failed", "app.api.error.deactivate_user",
	}},
	{oktaKind{ActionDelete, ObjectUser}, []string{
		"application.provision.user.deprovision", "application.provision.user.delete",
		"application.provision.user.delete.schedule", "application.provision.user.remove_entitlements",
		"application.provision.user.remove_entitlements.schedule",
		"app.user_management.deprovision_task_complete",
	}},
	{oktaKind{ActionEnable, ObjectUser}, []string{
		"application.provision.user.reactivate", "application.provision.user.activate",
		"app.user_management.reactivate_user", "app.api.error.reactivate_user",
		"app.user_management.activate_user", "app.api.error.activate_user",
	}},
	{oktaKind{ActionImport, ObjectUser}, []string{
		"application.provision.user.import", "application.provision.user.import_profile",
		"app.api.error.download_users", "app.api.error.import_user_by_id", "app.api.error.import_user_profile",
		"app.user_management.importing_profile", "app.user_management.importing_profile_failed.email_length",
		"app.user_management.importing_profile_failed.missing_externalid",
		"app.user_management.importing_profile_failed.precomputed_login_length",
		"app.user_management.update_from_master_failed", "app.user_management.import.csv.line.error",
		"app.user_management.update_user_lifecycle_from_master_failed",
		"app.user_management.unsuspend_user_after_confirm_failed",
		"system.import.import_profile", "system.import.user.complete", "system.import.user.create",
		"system.import.user.delete", "system.import.user.match", "system.import.user.start",
		"system.import.user.suspend", "system.import.user.unsuspend", "system.import.user.unsuspend_after_confirm",
		"system.import.user.update", "system.import.user.update_user_lifecycle_from_master",
		"system.import.user_csv.complete", "system.import.user_csv.start", "system.import.user_match.confirm",
		"system.import.user_match.unignore", "system.import.user_match.update",
		"system.import.user_matching.complete", "system.import.user_matching.start",
		"system.import.clear.unconfirmed.users.summary",
	}},
	{oktaKind{ActionOther, ObjectUser}, []string{
		"application.appuser.mapping.invalid.expression",
	}},
	{oktaKind{ActionLookup, ObjectGroup}, []string{
		"application.provision.group.verify_exists",
		"app.api.error.check_group_exists", "app.api.error.group.more_than_one_with_same_id",
		"app.api.error.group.not_found",
	}},
	{oktaKind{ActionGroupCreate, ObjectGroup}, []string{
		"application.provision.group_push.pushed", "application.provision.group.add",
		"app.user_management.grouppush.pushed",
		"app.api.error.create.group", "app.api.error.upsert_group", "app.api.error.upsert_group_duplicate",
	}},
	{oktaKind{ActionGroupUpdate, ObjectGroup}, []string{
		"application.provision.group_push.updated", "application.provision.group.update",
		"application.provision.group_push.mapping.app.group.renamed",
		"application.provision.group_push.mapping.app.group.renamed.failed",
		"app.user_management.grouppush.updated", "app.user_management.grouppush.mapping.app.group.renamed",
		"app.user_management.grouppush.mapping.app.group.renamed.failed",
		"app.api.error.update.group", "app.api.error.group_name_long_length",
	}},
	{oktaKind{ActionGroupDelete, ObjectGroup}, []string{
		"application.provision.group_push.removed", "application.provision.group_push.delete_appgroup",
		"application.provision.group.remove",
		"application.provision.group_push.mapping.and.groups.deleted.rule.deleted",
		"app.user_management.grouppush.removed", "platform.group_push.delete_appgroup",
		"app.user_management.grouppush.mapping.and.groups.deleted.rule.deleted",
		"app.api.error.delete_group",
	}},
	{oktaKind{ActionMembership, ObjectGroup}, []string{
		"application.provision.group_push.push_memberships", "application.provision.group_membership.add",
		"application.provision.group_membership.remove", "application.provision.group_membership.update",
		"platform.group_push.push_memberships",
		"app.api.error.add_group_membership", "app.api.error.remove_group_membership",
		"app.api.error.update_group_membership",
	}},
	{oktaKind{ActionImport, ObjectGroup}, []string{
		// Reading groups or memberships from the app is an import, not a membership write.
		"application.provision.group.import", "application.provision.group_membership.import",
		"app.api.error.download_groups", "app.api.error.get_group_by_id", "app.api.error.download_memberships",
		"app.user_management", // catalog id of the app group member import events below
		"app.user_management.app_group_member_import.delete_failure",
		"app.user_management.app_group_member_import.delete_success",
		"app.user_management.app_group_member_import.insert_failure",
		"app.user_management.app_group_member_import.insert_success",
		"app.user_management.user_group_import.create_failure", "app.user_management.user_group_import.delete_success",
		"app.user_management.user_group_import.update_failure", "app.user_management.user_group_import.upsert_fail",
		"app.user_management.user_group_import.upsert_failure", "app.user_management.user_group_import.upsert_success",
		"system.import.group.complete", "system.import.group.create", "system.import.group.delete",
		"system.import.group.start", "system.import.group.update", "system.import.group_membership.complete",
		"system.import.membership_processing.complete", "system.import.membership_processing.start",
	}},
	{oktaKind{ActionOther, ObjectGroup}, []string{
		// Group push mappings: configuration of which group goes where, or its failures.
		"application.provision.group_push.activate_mapping", "application.provision.group_push.deactivate_mapping",
		"platform.group_push.activate_mapping",
		"application.provision.group_push.mapping.created",
		"application.provision.group_push.mapping.created.from.rule.warning.duplicate.name",
		"application.provision.group_push.mapping.created.from.rule.warning.duplicate.name.tobecreated",
		"application.provision.group_push.mapping.created.from.rule.warning.upsertgroup.duplicate.name",
		"application.provision.group_push.mapping.deactivated.source.group.renamed",
		"application.provision.group_push.mapping.deactivated.source.group.renamed.failed",
		"application.provision.group_push.mapping.update.or.delete.failed",
		"application.provision.group_push.mapping.update.or.delete.failed.with.error",
		"app.user_management.grouppush.mapping.created",
		"app.user_management.grouppush.mapping.created.from.rule",
		"app.user_management.grouppush.mapping.created.from.rule.error.duplicate",
		"app.user_management.grouppush.mapping.created.from.rule.error.validation",
		"app.user_management.grouppush.mapping.created.from.rule.errors",
		"app.user_management.grouppush.mapping.okta.users.ignored",
		"app.user_management.grouppush.mapping.update.or.delete.failed",
		"app.user_management.grouppush.mapping.update.or.delete.failed.with.error",
	}},
	{oktaKind{ActionImport, ObjectConnector}, []string{
		"system.import.start", "system.import.complete", "system.import.complete_batch",
		"system.import.download.start", "system.import.download.complete",
		"system.import.full_import_required", "system.import.incremental_converted_to_full",
		"system.import.implicit_deletion.start", "system.import.implicit_deletion.complete",
		"system.import.object_creation.start", "system.import.object_creation.complete",
		"system.import.import_provisioning_info", "system.import.roadblock",
		"system.import.roadblock.reschedule_and_resume", "system.import.roadblock.resume",
		"system.import.roadblock.updated", "system.import.schedule", "system.import.entitlement",
		"system.import.entitlement.mismatch", "system.import.session.cancelled", "system.import.session.created",
		"system.import.session.expired", "system.import.session.triggered",
		"system.import.custom_object.complete", "system.import.custom_object.create",
		"system.import.custom_object.delete", "system.import.custom_object.update",
	}},
	{oktaKind{ActionOther, ObjectConnector}, []string{
		"application.integration.authentication_failure", "application.integration.general_failure",
		"application.integration.rate_limit_exceeded", "application.integration.api_query",
		"application.integration.transfer_files",
		"app.api.error.auth", "app.api.error.oauth.get.token", "app.api.error.oauth.refresh.token",
		"app.auth_error.invalid_credentials", "app.api.error.generic", "app.scim.is.api.account.error",
		"app.api.error.rate.limit.exceeded",
		"app.app_instance.provision_sync_job.started", "app.app_instance.provision_sync_job.completed",
		"app.app_instance.provision_sync_job.failed",
		"application.provision.integration.call_api", "application.provision.field_mapping_rule.change",
		// Provisioning configuration of the app. Logo, delegated-auth, federation-broker and
		// client-secret events of application.configuration.* are not provisioning and stay out.
		"application.configuration.update", "application.configuration.import_schema",
		"application.configuration.detect_error", "application.configuration.update_api_credentials_for_pass_change",
		"application.configuration.update_rate_limits",
		"app.api.error.download_app_schema", "app.api.error.api.validation", "app.api.generic.configuration.message",
		"app.app_instance.config-error", "app.user_management.updating_api_credentials_for_password_change",
		"application.lifecycle.update", "app.app_editor.app.update", "app.generic.config.app_updated",
	}},
})

// oktaFamilies classify event types the table does not list yet but whose family is
// provisioning (Okta adds event types each release), in order.
var oktaFamilies = []struct {
	prefix string
	kind   oktaKind
}{
	{"application.provision.user.", oktaKind{ActionOther, ObjectUser}},
	{"application.provision.group", oktaKind{ActionOther, ObjectGroup}},
	{"app.user_management.grouppush.", oktaKind{ActionOther, ObjectGroup}},
	{"system.import.user", oktaKind{ActionImport, ObjectUser}},
	{"system.import.group", oktaKind{ActionImport, ObjectGroup}},
	{"system.import.", oktaKind{ActionImport, ObjectConnector}},
	{"application.integration.", oktaKind{ActionOther, ObjectConnector}},
	{"app.app_instance.provision_sync_job.", oktaKind{ActionOther, ObjectConnector}},
}

type oktaKindGroup struct {
	kind  oktaKind
	types []string
}

func buildOktaKinds(groups []oktaKindGroup) map[string]oktaKind {
	m := map[string]oktaKind{}
	for _, g := range groups {
		for _, t := range g.types {
			t = strings.ToLower(t)
			if _, dup := m[t]; dup {
				panic("okta event type listed twice: " + t)
			}
			m[t] = g.kind
		}
	}
	return m
}
