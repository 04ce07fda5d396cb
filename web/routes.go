package web

// registerRoutes lists every route of Praxis: pages first, then the JSON API.
func (s *Server) registerRoutes() {
	// Operations.
	s.handle("GET /healthz", s.healthz)
	s.handle("GET /readyz", s.readyz)
	s.handle("GET /static/{hash}/{name}", s.serveStatic)

	// Accounts.
	s.handle("GET /setup", s.setupPage)
	s.handle("POST /setup", s.setupSubmit)
	s.handle("GET /login", s.loginPage)
	s.handle("POST /login", s.loginSubmit)
	s.handle("POST /logout", s.logout)
	s.handle("GET /signup", s.signupPage)
	s.handle("POST /signup", s.signupSubmit)

	// Communities and their charters.
	s.handle("GET /{$}", s.homePage)
	s.handle("GET /c/new", s.newCommunityPage)
	s.handle("POST /c/new", s.newCommunitySubmit)
	s.handle("GET /c/{slug}", s.communityPage)
	s.handle("GET /c/{slug}/edit", s.editCommunityPage)
	s.handle("POST /c/{slug}/edit", s.editCommunitySubmit)
	s.handle("GET /c/{slug}/charter", s.charterHistoryPage)
	s.handle("POST /c/{slug}/goals", s.addGoalSubmit)
	s.handle("POST /c/{slug}/goals/{id}", s.updateGoalSubmit)
	s.handle("POST /c/{slug}/goals/{id}/delete", s.deleteGoalSubmit)
	s.handle("POST /c/{slug}/join", s.joinSubmit)
	s.handle("POST /c/{slug}/leave", s.leaveSubmit)

	// Conversations.
	s.handle("GET /c/{slug}/t", s.threadsPage)
	s.handle("GET /c/{slug}/ask", s.askPage)
	s.handle("POST /c/{slug}/ask", s.askSubmit)
	s.handle("GET /c/{slug}/t/{id}", s.threadPage)
	s.handle("GET /c/{slug}/t/{id}/{title}", s.threadPage)
	s.handle("POST /c/{slug}/t/{id}/reply", s.replySubmit)
	s.handle("POST /c/{slug}/t/{id}/accept", s.acceptSubmit)
	s.handle("POST /c/{slug}/t/{id}/state", s.threadStateSubmit)
	s.handle("POST /c/{slug}/t/{id}/move", s.moveThreadSubmit)
	s.handle("POST /c/{slug}/t/{id}/posts/{post}/vote", s.voteSubmit)
	s.handle("GET /c/{slug}/t/{id}/posts/{post}/edit", s.editPostPage)
	s.handle("POST /c/{slug}/t/{id}/posts/{post}/edit", s.editPostSubmit)
	s.handle("POST /c/{slug}/t/{id}/posts/{post}/delete", s.deletePostSubmit)
	s.handle("GET /c/{slug}/t/{id}/posts/{post}/history", s.postHistoryPage)
	s.handle("GET /c/{slug}/topics", s.topicsPage)
	s.handle("POST /c/{slug}/topics", s.topicSubmit)

	// Live updates.
	s.handle("GET /c/{slug}/t/{id}/live", s.threadLive)

	// People.
	s.handle("GET /c/{slug}/people", s.peoplePage)
	s.handle("POST /c/{slug}/people/invite", s.inviteSubmit)
	s.handle("POST /c/{slug}/people/{handle}/approve", s.approveSubmit)
	s.handle("POST /c/{slug}/people/{handle}/role", s.roleSubmit)
	s.handle("POST /c/{slug}/people/{handle}/remove", s.removeSubmit)
	s.handle("GET /u/{handle}", s.profilePage)

	// Moderation.
	s.handle("POST /c/{slug}/t/{id}/posts/{post}/flag", s.flagSubmit)
	s.handle("POST /c/{slug}/t/{id}/posts/{post}/hide", s.hideSubmit)
	s.handle("POST /c/{slug}/t/{id}/posts/{post}/restore", s.restoreSubmit)
	s.handle("POST /c/{slug}/moderation/flags/{post}/dismiss", s.dismissFlagsSubmit)
	s.handle("GET /c/{slug}/moderation", s.moderationPage)

	// Following and notifications.
	s.handle("GET /notifications", s.notificationsPage)
	s.handle("GET /notifications/{id}", s.openNotification)
	s.handle("POST /notifications/read", s.markReadSubmit)
	s.handle("POST /c/{slug}/follow", s.followCommunitySubmit)
	s.handle("POST /c/{slug}/topics/{topic}/follow", s.followTopicSubmit)
	s.handle("POST /c/{slug}/t/{id}/follow", s.followThreadSubmit)

	// Attachments.
	s.handle("GET /attachments/{id}/{name}", s.attachmentFile)

	// Settings and administration.
	s.handle("GET /settings", s.settingsPage)
	s.handle("POST /settings/profile", s.profileSubmit)
	s.handle("POST /settings/password", s.passwordSubmit)
	s.handle("POST /settings/tokens", s.createTokenSubmit)
	s.handle("POST /settings/tokens/{id}/revoke", s.revokeTokenSubmit)
	s.handle("POST /settings/sessions/{id}/revoke", s.revokeSessionSubmit)
	s.handle("GET /admin", s.adminPage)
	s.handle("POST /admin/settings", s.adminSettingsSubmit)
	s.handle("POST /admin/invitations", s.adminInviteSubmit)
	s.handle("POST /admin/users/{handle}/role", s.adminRoleSubmit)
	s.handle("POST /admin/users/{handle}/suspend", s.adminSuspendSubmit)

	// JSON API (documented in openapi.json; a test keeps the two in step).
	s.handle("GET /api/v1/openapi.json", s.apiSpecHandler)
	s.handle("GET /api/v1/me", s.apiMe)
	s.handle("PATCH /api/v1/me", s.apiUpdateMe)
	s.handle("GET /api/v1/me/sessions", s.apiSessions)
	s.handle("DELETE /api/v1/me/sessions/{id}", s.apiRevokeSession)
	s.handle("GET /api/v1/me/tokens", s.apiTokens)
	s.handle("POST /api/v1/me/tokens", s.apiCreateToken)
	s.handle("DELETE /api/v1/me/tokens/{id}", s.apiRevokeToken)
	s.handle("GET /api/v1/users/{handle}", s.apiUser)
	s.handle("GET /api/v1/communities", s.apiCommunities)
	s.handle("POST /api/v1/communities", s.apiCreateCommunity)
	s.handle("GET /api/v1/communities/{slug}", s.apiCommunity)
	s.handle("PATCH /api/v1/communities/{slug}", s.apiUpdateCommunity)
	s.handle("GET /api/v1/communities/{slug}/charter/revisions", s.apiCharterRevisions)
	s.handle("POST /api/v1/communities/{slug}/goals", s.apiAddGoal)
	s.handle("PATCH /api/v1/communities/{slug}/goals/{id}", s.apiUpdateGoal)
	s.handle("DELETE /api/v1/communities/{slug}/goals/{id}", s.apiDeleteGoal)
	s.handle("POST /api/v1/communities/{slug}/join", s.apiJoin)
	s.handle("POST /api/v1/communities/{slug}/leave", s.apiLeave)
	s.handle("GET /api/v1/communities/{slug}/members", s.apiMembers)
	s.handle("POST /api/v1/communities/{slug}/invitations", s.apiInvite)
	s.handle("POST /api/v1/communities/{slug}/members/{handle}/approve", s.apiApprove)
	s.handle("PATCH /api/v1/communities/{slug}/members/{handle}", s.apiSetRole)
	s.handle("DELETE /api/v1/communities/{slug}/members/{handle}", s.apiRemoveMember)
	s.handle("GET /api/v1/communities/{slug}/activity", s.apiActivity)
	s.handle("GET /api/v1/communities/{slug}/threads", s.apiThreads)
	s.handle("POST /api/v1/communities/{slug}/threads", s.apiCreateThread)
	s.handle("GET /api/v1/communities/{slug}/topics", s.apiTopics)
	s.handle("POST /api/v1/communities/{slug}/topics", s.apiSaveTopic)
	s.handle("GET /api/v1/threads/{id}", s.apiThread)
	s.handle("PATCH /api/v1/threads/{id}", s.apiUpdateThread)
	s.handle("POST /api/v1/threads/{id}/replies", s.apiReply)
	s.handle("POST /api/v1/threads/{id}/accept", s.apiAccept)
	s.handle("PATCH /api/v1/posts/{id}", s.apiEditPost)
	s.handle("DELETE /api/v1/posts/{id}", s.apiDeletePost)
	s.handle("GET /api/v1/posts/{id}/revisions", s.apiPostRevisions)
	s.handle("PUT /api/v1/posts/{id}/vote", s.apiVote)
	s.handle("DELETE /api/v1/posts/{id}/vote", s.apiVote)
	// Moderation.
	s.handle("POST /api/v1/posts/{id}/flags", s.apiFlagPost)
	s.handle("POST /api/v1/posts/{id}/flags/dismiss", s.apiDismissFlags)
	s.handle("GET /api/v1/communities/{slug}/flags", s.apiFlags)
	s.handle("POST /api/v1/posts/{id}/hide", s.apiHidePost)
	s.handle("POST /api/v1/posts/{id}/restore", s.apiRestorePost)
	s.handle("GET /api/v1/communities/{slug}/moderation-log", s.apiModerationLog)
	// Following and notifications.
	s.handle("GET /api/v1/me/notifications", s.apiNotifications)
	s.handle("GET /api/v1/me/notifications/unread-count", s.apiUnreadCount)
	s.handle("POST /api/v1/me/notifications/read", s.apiMarkRead)
	s.handle("GET /api/v1/follows/{type}/{target...}", s.apiFollow)
	s.handle("PUT /api/v1/follows/{type}/{target...}", s.apiFollow)
	s.handle("DELETE /api/v1/follows/{type}/{target...}", s.apiFollow)
	// Attachments.
	s.handle("POST /api/v1/communities/{slug}/attachments", s.apiUploadAttachment)
	s.handle("GET /api/v1/attachments/{id}", s.apiAttachment)
	s.handle("GET /api/v1/admin/settings", s.apiAdminSettings)
	s.handle("PATCH /api/v1/admin/settings", s.apiAdminUpdateSettings)
	s.handle("GET /api/v1/admin/users", s.apiAdminUsers)
	s.handle("PATCH /api/v1/admin/users/{handle}", s.apiAdminUpdateUser)
	s.handle("GET /api/v1/admin/invitations", s.apiAdminInvitations)
	s.handle("POST /api/v1/admin/invitations", s.apiAdminCreateInvitation)

	// Anything else is a clear 404 in the shape the client expects.
	s.mux.HandleFunc("/", s.notFound)
}
